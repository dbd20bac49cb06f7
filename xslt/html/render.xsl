<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: the rendering mode tkh:html and where each element's rendering lives.

       blocks.xsl      div, head, p (permalink, cite line), quote, letter, verse, lists, tables, figures
       inline.xsl      hi, emph, title, foreign, persName and names, ref, ptr, graphic, seg, q ...
       editorial.xsl   choice, supplied, gap, unclear, surplus, add, del, lb, pb, fw, cb, milestone
       notes.xsl       note calls, inline notes, note lists with backlinks
       apparatus.xsl   inline app: lemma, readings on demand, witness switching
       parallel-links.xsl  a link from a passage to its entry among the parallel passages

     One template per element in mode tkh:html; a second matching template is an error
     (on-multiple-match="fail").  Policy (which reading, which brackets, note numbers)
     comes from xslt/common. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="tkh:html" on-no-match="text-only-copy" on-multiple-match="fail" warning-on-no-match="false"/>

  <xsl:include href="blocks.xsl"/>
  <xsl:include href="inline.xsl"/>
  <xsl:include href="editorial.xsl"/>
  <xsl:include href="notes.xsl"/>
  <xsl:include href="apparatus.xsl"/>
  <xsl:include href="parallel-links.xsl"/>

  <!-- attributes every rendered element carries: TEI identity and language -->
  <xsl:function name="tkh:attrs" as="attribute()*">
    <xsl:param name="el" as="element()"/>
    <xsl:if test="$el/@xml:id">
      <xsl:attribute name="id" select="$el/@xml:id"/>
    </xsl:if>
    <xsl:attribute name="data-tei" select="local-name($el)"/>
    <xsl:if test="$el/@xml:lang and not($el/self::TEI)">
      <xsl:attribute name="lang" select="$el/@xml:lang"/>
    </xsl:if>
  </xsl:function>

  <!-- the same, with an id even when the TEI element has no xml:id -->
  <xsl:function name="tkh:attrs-id" as="attribute()*">
    <xsl:param name="el" as="element()"/>
    <xsl:attribute name="id" select="tkh:id($el)"/>
    <xsl:sequence select="tkh:attrs($el)[not(name() = 'id')]"/>
  </xsl:function>

  <xsl:function name="tkh:class" as="attribute()">
    <xsl:param name="tokens" as="xs:string*"/>
    <xsl:attribute name="class" select="string-join($tokens[. ne ''], ' ')"/>
  </xsl:function>

  <!-- text nodes: the mode's text-only-copy (no template call per text node, the hot path) -->

  <xsl:template match="teiHeader | facsimile | standOff | comment() | processing-instruction()" mode="tkh:html"/>

  <!-- an element we have no rule for: keep its identity, render its content -->
  <xsl:template match="*" mode="tkh:html" priority="-1">
    <span>
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-el')"/>
      <xsl:apply-templates mode="tkh:html"/>
    </span>
  </xsl:template>

</xsl:stylesheet>
