<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: which page an element lands on (documents, and chapters of the books). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- A document is split when it has two or more chapters: every top-level div of
       front, body and back becomes a page. -->
  <xsl:function name="tkh:is-split" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="text" select="root($n)/*/text"/>
    <xsl:sequence select="$split-chapters and count($text//div[@type = 'chapter']) ge 2"/>
  </xsl:function>

  <xsl:function name="tkh:units" as="element(div)*">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="if (tkh:is-split($n)) then root($n)/*/text/(front | body | back)/div else ()"/>
  </xsl:function>

  <xsl:function name="tkh:unit-of" as="element(div)?">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="if (tkh:is-split($n))
      then $n/ancestor-or-self::div[parent::front | parent::body | parent::back][1] else ()"/>
  </xsl:function>

  <!-- the page name (without .html) of a unit or a document -->
  <xsl:function name="tkh:page" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="u" select="tkh:unit-of($n)"/>
    <xsl:sequence select="if ($u) then tkh:unit-id($u) else tkh:file-id(tk:doc-id($n))"/>
  </xsl:function>

  <xsl:function name="tkh:unit-id" as="xs:string">
    <xsl:param name="u" as="element(div)"/>
    <xsl:sequence select="tkh:file-id(
      if ($u/@xml:id) then string($u/@xml:id)
      else tk:doc-id($u) || '-part' || (count($u/preceding::div[parent::front | parent::body | parent::back]) + 1))"/>
  </xsl:function>

  <!-- ids become file names: keep them to a safe alphabet -->
  <xsl:function name="tkh:file-id" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="replace($id, '[^A-Za-z0-9._\-]', '_')"/>
  </xsl:function>

  <xsl:function name="tkh:href" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="tkh:page($el) || '.html#' || tk:id($el)"/>
  </xsl:function>

  <!-- a class token from a TEI value (never markup, never a quote) -->
  <xsl:function name="tkh:token" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="replace(lower-case(normalize-space($s)), '[^a-z0-9\-]+', '-')"/>
  </xsl:function>

  <xsl:function name="tkh:unit-title" as="xs:string">
    <xsl:param name="u" as="element(div)"/>
    <xsl:sequence select="(tk:plain($u/head[1])[.], string($u/@n)[.], tk:label(string($u/@type))[.], tkh:unit-id($u))[1]"/>
  </xsl:function>

</xsl:stylesheet>
