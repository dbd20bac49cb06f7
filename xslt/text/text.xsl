<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit: the plaintext edition.  Entry stylesheet.

  Editorial policy (which reading a choice or an app shows, brackets, note numbers and
  kinds) comes from the shared layer xslt/common/: this format only lays it out.

  Output: a small private layout vocabulary (namespace tkp), never shown to users.
  toolkit/formats/text.py reads it, applies Unicode NFC, wraps paragraphs at the
  requested width and writes the .txt files.  The vocabulary:

    <tkp:text>                         the document
      <tkp:block kind="K" indent="N" level="L" group="G" label="S">…</tkp:block>
        kind   title | head | p | line | item | note
        indent left margin in characters
        level  heading level (1 = chapter)
        group  consecutive blocks of one group are not separated by a blank line
               (verse lines, list items, the lines of a letter's closer, notes)
        label  printed before the first line, later lines hang under it (items, notes)
      <tkp:br/>                         a hard line break inside a block
                                        (the source's line breaks in the diplomatic view)

  Where an element's rendering lives:
    blocks.xsl   mode tkp:block   one template per block element (div, p, head, lg, list ...)
    inline.xsl   mode tkp:inline  one template per inline element (choice, app, lb, pb, note ...)
    notes.xsl    the end-note lists (per chapter)
  Elements with no template are rendered generically: their text is kept, as a
  paragraph if they hold blocks, inline otherwise (the build warns, naming them).
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
  <xsl:include href="blocks.xsl"/>
  <xsl:include href="inline.xsl"/>
  <xsl:include href="notes.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- 'reading' (corr, reg, expan, lem; words joined across break="no")
       or 'diplomatic' (sic, orig, abbr, surplus, the source's line breaks and hyphens) -->
  <xsl:param name="view" as="xs:string" select="'reading'"/>
  <!-- a witness id (e.g. 'W004'): each app shows that witness's reading instead of the lemma -->
  <xsl:param name="witness" as="xs:string" select="''"/>
  <!-- 'endnotes': numbered calls [1] and a list of notes at the end of each chapter; 'none' -->
  <xsl:param name="notes" as="xs:string" select="'endnotes'"/>
  <!-- page markers such as [p. 60] where the source's pages begin -->
  <xsl:param name="page-markers" as="xs:boolean" select="false()"/>

  <xsl:template match="/">
    <xsl:if test="not($view = ('reading', 'diplomatic'))">
      <xsl:message terminate="yes">teikit: parameter view must be 'reading' or 'diplomatic', not '{$view}'</xsl:message>
    </xsl:if>
    <xsl:if test="not($notes = ('endnotes', 'none'))">
      <xsl:message terminate="yes">teikit: parameter notes must be 'endnotes' or 'none', not '{$notes}'</xsl:message>
    </xsl:if>
    <tkp:text>
      <xsl:apply-templates select="*" mode="tkp:block">
        <xsl:with-param name="indent" select="0" tunnel="yes"/>
      </xsl:apply-templates>
    </tkp:text>
  </xsl:template>

</xsl:stylesheet>
