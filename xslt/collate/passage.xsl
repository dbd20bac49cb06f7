<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit collate: the reading text of one passage, as a collation witness.

  The text is the shared editorial layer's reading text (tk:search-text: corrections,
  regularisations, expansions, supplied text without brackets, words joined across
  line breaks, the lemma of an apparatus; notes, running heads and gaps left out),
  so a witness is collated exactly as it reads in every output.

  Param $id: the xml:id of the passage; '' for the whole text.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="../common/common.xsl"/>

  <xsl:param name="id" as="xs:string" select="''"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/">
    <xsl:variable name="passage" as="node()*"
        select="if ($id) then id($id) else (/TEI/text, /*[not(self::TEI)])[1]"/>
    <xsl:value-of select="tk:search-text($passage)"/>
  </xsl:template>

</xsl:stylesheet>
