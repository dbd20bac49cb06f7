<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit collate: the reading text of passages, as collation witnesses.

  The text is the shared editorial layer's reading text (tk:search-text: corrections,
  regularisations, expansions, supplied text without brackets, words joined across
  line breaks, the lemma of an apparatus; notes, running heads and gaps left out),
  so a witness is collated exactly as it reads in every output.

  Param $ids: space-separated xml:ids of the passages; '' for the whole text.
  A passage continued in other elements through @next (a chain of segs) is read
  in full.  Output: one line per id, "id TAB text".
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="../common/common.xsl"/>

  <xsl:param name="ids" as="xs:string" select="''"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- the element and its continuations (@next), at most 500 links long -->
  <xsl:function name="tkp:chain" as="element()*">
    <xsl:param name="el" as="element()?"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:sequence select="$el,
        if ($el/@next and $depth lt 500)
        then tkp:chain(id(substring-after($el/@next, '#'), root($el)), $depth + 1)
        else ()"/>
  </xsl:function>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="normalize-space($ids)">
        <xsl:for-each select="tokenize(normalize-space($ids), ' ')">
          <xsl:variable name="passage" select="tkp:chain(id(., $root), 0)"/>
          <xsl:text>{.}&#9;{normalize-space(string-join(for $p in $passage return tk:search-text($p), ' '))}&#10;</xsl:text>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text>&#9;{tk:search-text((/TEI/text, /*[not(self::TEI)])[1])}&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:variable name="root" select="/"/>

</xsl:stylesheet>
