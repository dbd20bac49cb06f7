<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: the document's records for the offline full-text search.
     Written as a script (search/<doc-id>.js) because browsers refuse to fetch JSON from
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

  <xsl:template name="tkh:search-records">
    <xsl:variable name="blocks" select="/TEI/text//(p | ab | head | l | item | label | salute | signed | dateline
                                         | note[not(@place = 'inline')][not(p)][not(parent::app)])"/>
    <xsl:variable name="records" select="array{
      for $b in $blocks return
        let $t := tk:search-text(if ($b/self::note) then $b/node() else $b)
        return if ($t) then array{ tkh:search-href($b), tkh:search-section($b), $t } else ()}"/>
    <xsl:variable name="payload" select="map{'doc': tk:doc-id(/), 'title': tk:title(/), 'records': $records}"/>
    <xsl:text>(window.TEIKIT_SEARCH = window.TEIKIT_SEARCH || []).push(</xsl:text>
    <xsl:value-of select="serialize($payload, map{'method': 'json', 'escape-solidus': true()})"/>
    <xsl:text>);&#10;</xsl:text>
  </xsl:template>

  <!-- the nearest element with an id in the HTML -->
  <xsl:function name="tkh:search-href" as="xs:string">
    <xsl:param name="b" as="element()"/>
    <xsl:variable name="t" select="$b/ancestor-or-self::*[@xml:id or self::head[parent::div] or self::note
                                     or self::p[tkh:citable(.)] or self::div][1]"/>
    <xsl:sequence select="if ($t) then tkh:href($t) else tkh:page($b) || '.html'"/>
  </xsl:function>

  <xsl:function name="tkh:search-section" as="xs:string">
    <xsl:param name="b" as="element()"/>
    <xsl:variable name="d" select="$b/ancestor-or-self::div[head][1]"/>
    <xsl:sequence select="if ($d) then tkh:unit-title($d) else ''"/>
  </xsl:function>

</xsl:stylesheet>
