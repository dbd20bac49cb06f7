<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: the document's records for the offline full-text search.
     Published as a script (search/<doc-id>.js) because browsers refuse to fetch JSON from
     file:// pages; assets/search.js reads window.TEIKIT_SEARCH. One record per block:
     [href, section title, reading text without editorial brackets]. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- One line per block: href TAB section TAB text (texts are space-normalised, so they
       hold no tab or newline).  toolkit/formats/html.py turns the lines into the JSON of
       search/<doc-id>.js (its JSON encoder is much faster than serialising here). -->
  <xsl:template name="tkh:search-records">
    <xsl:text>#doc&#9;{tk:doc-id(/)}&#9;{tk:title(/)}&#10;</xsl:text>
    <xsl:for-each-group select="/TEI/text//(p | ab | head | l | item | label | salute | signed | dateline
                                | note[not(@place = 'inline')][not(p)][not(parent::app)])"
                        group-adjacent="generate-id(ancestor-or-self::div[1])">
      <!-- one division at a time: its page and its title are computed once -->
      <xsl:variable name="page" select="tkh:page(.) || '.html'"/>
      <xsl:variable name="section" select="tkh:search-section(.)"/>
      <xsl:for-each select="current-group()">
        <xsl:variable name="t" select="tk:search-text(if (self::note) then node() else .)"/>
        <xsl:if test="$t">
          <xsl:variable name="target" select="tkh:locus(.)"/>
          <xsl:value-of select="$page || (if ($target) then '#' || tkh:id($target) else ''), $section, $t" separator="&#9;"/>
          <xsl:text>&#10;</xsl:text>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:function name="tkh:search-section" as="xs:string">
    <xsl:param name="b" as="element()"/>
    <xsl:variable name="d" select="$b/ancestor-or-self::div[head][1]"/>
    <xsl:sequence select="if ($d) then tkh:unit-title($d) else ''"/>
  </xsl:function>

</xsl:stylesheet>
