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
  <xsl:key name="tkh:chapters" match="text//div[@type = 'chapter']" use="'chapter'"/>

  <xsl:function name="tkh:is-split" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <!-- a key: the index is built once per document, so this is cheap to ask everywhere -->
    <xsl:sequence select="$split-chapters and exists(key('tkh:chapters', 'chapter', root($n))[2])"/>
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

  <!-- a chapter page is named after the div's xml:id, prefixed with the document id when the
       id does not start with it (so it can never clash with another document or a site page) -->
  <xsl:function name="tkh:unit-id" as="xs:string">
    <xsl:param name="u" as="element(div)"/>
    <xsl:variable name="doc" select="tk:doc-id($u)"/>
    <xsl:variable name="id" select="
      if ($u/@xml:id) then string($u/@xml:id)
      else $doc || '-part' || (count($u/preceding::div[parent::front | parent::body | parent::back]) + 1)"/>
    <xsl:sequence select="tkh:file-id(if (starts-with($id, $doc || '-')) then $id else $doc || '-' || $id)"/>
  </xsl:function>

  <!-- names the site uses for its own pages and folders -->
  <xsl:variable name="tkh:reserved" as="xs:string*" select="('index', 'persons', 'parallels', 'search', 'assets', 'tei')"/>

  <!-- ids become file names: keep them to a safe alphabet -->
  <xsl:function name="tkh:file-id" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:variable name="f" select="replace($id, '[^A-Za-z0-9._\-]', '_')"/>
    <xsl:sequence select="if ($f = $tkh:reserved or starts-with($f, 'persons-')) then 'doc-' || $f else $f"/>
  </xsl:function>

  <!-- the page of a person: persons-<key>.html -->
  <xsl:function name="tkh:person-page" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="'persons-' || replace($key, '[^A-Za-z0-9._\-]', '_') || '.html'"/>
  </xsl:function>

  <!-- Every element counted in document order: the HTML id of an element without xml:id is
       'tei-<name>-<count>', computed once per document (tk:id's path is dearer) and the same
       in every stylesheet of the site, since it only depends on the document.
       (Measured alternatives: an index of the elements outside paragraphs plus sibling counts
       inside them is cheaper for a transcription made of short lines, dearer for a book with
       long paragraphs; the accumulator is the better compromise.) -->
  <xsl:accumulator name="tkh:elements" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="*" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:function name="tkh:id" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/@xml:id) then string($el/@xml:id)
                          else 'tei-' || local-name($el) || '-' || $el/accumulator-before('tkh:elements')"/>
  </xsl:function>

  <xsl:function name="tkh:href" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="tkh:page($el) || '.html#' || tkh:id($el)"/>
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
