<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit: the plaintext rendering of an apparatus of parallel passages (the file
  collation of the edition writes).  Each passage: its title, the document it quotes,
  then the passage as every witness reads it, read through the shared layer with that
  witness's readings (tk:plain with the tunnel parameter $tk:witness); passages of
  related texts (linkGrp) give the text each link points at.

  Output: the private layout vocabulary of text.xsl (tkp:text, tkp:block), wrapped by
  toolkit/formats/text.py.
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

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:template match="/">
    <tkp:text>
      <tkp:block kind="title" indent="0" level="0">{tk:title(.)}</tkp:block>
      <xsl:apply-templates select="//text//div[@type = 'parallel']" mode="tkp:parallel"/>
    </tkp:text>
  </xsl:template>

  <xsl:mode name="tkp:parallel" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="div" mode="tkp:parallel">
    <xsl:variable name="div" select="."/>
    <tkp:block kind="head" indent="0" level="1">{position()}. {tk:plain(head)}</tkp:block>
    <xsl:if test="@corresp">
      <tkp:block kind="p" indent="0" level="0">Quotes: {string-join(for $t in tokenize(@corresp) return tk:plain(id(substring-after($t, '#'))), '; ')}</tkp:block>
    </xsl:if>
    <xsl:for-each select="distinct-values(.//app//(lem | rdg)/tk:wit-tokens(.))">
      <xsl:variable name="w" select="."/>
      <tkp:block kind="item" indent="2" level="0" group="readings"
                 label="{(id($w, root($div))/@n, $w)[1]}: ">{tk:witness-text($div/p, $w)}</tkp:block>
    </xsl:for-each>
    <xsl:for-each select="linkGrp/link/tokenize(normalize-space(@target))">
      <xsl:variable name="file" select="substring-before(., '#')"/>
      <xsl:variable name="target" select="if ($file and doc-available(resolve-uri($file, base-uri($div))))
                                          then id(substring-after(., '#'), doc(resolve-uri($file, base-uri($div)))) else ()"/>
      <tkp:block kind="item" indent="2" level="0" group="readings" label="{$file}: ">{if ($target) then tk:plain($target) else '(not found)'}</tkp:block>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
