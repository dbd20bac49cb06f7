<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit shared editorial layer: mode tk:plain, the plain text of any node.
     Contract: see common.xsl.  One template per element with an editorial meaning;
     everything else contributes its text (on-no-match="text-only-copy"). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="tk:plain" on-no-match="text-only-copy" on-multiple-match="fail" warning-on-no-match="false"/>

  <xsl:function name="tk:plain" as="xs:string">
    <xsl:param name="n" as="node()*"/>
    <xsl:sequence select="tk:plain($n, 'reading')"/>
  </xsl:function>

  <xsl:function name="tk:plain" as="xs:string">
    <xsl:param name="n" as="node()*"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:variable name="t" as="xs:string*">
      <xsl:apply-templates select="$n" mode="tk:plain">
        <xsl:with-param name="tk:view" select="$view" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($t, ''))"/>
  </xsl:function>

  <xsl:function name="tk:search-text" as="xs:string">
    <xsl:param name="n" as="node()*"/>
    <xsl:variable name="t" as="xs:string*">
      <xsl:apply-templates select="$n" mode="tk:plain">
        <xsl:with-param name="tk:brackets" select="false()" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($t, ''))"/>
  </xsl:function>

  <xsl:template match="document-node()" mode="tk:plain">
    <xsl:apply-templates select="*" mode="tk:plain"/>
  </xsl:template>

  <xsl:template match="text()" mode="tk:plain">
    <xsl:value-of select="."/>
  </xsl:template>

  <!-- never text -->
  <xsl:template match="teiHeader | facsimile | standOff | listWit | witDetail
                       | note[not(@place = 'inline')] | ref[@type = 'noteref'] | ptr
                       | figDesc | comment() | processing-instruction()" mode="tk:plain"/>

  <xsl:template match="choice" mode="tk:plain">
    <xsl:param name="tk:view" as="xs:string" tunnel="yes" select="'reading'"/>
    <xsl:apply-templates mode="tk:plain"
        select="if ($tk:view = 'diplomatic') then tk:diplomatic-child(.) else tk:reading-child(.)"/>
  </xsl:template>

  <xsl:template match="app" mode="tk:plain">
    <xsl:param name="tk:witness" as="xs:string" tunnel="yes" select="''"/>
    <xsl:apply-templates mode="tk:plain"
        select="if ($tk:witness) then tk:witness-reading(., $tk:witness) else tk:app-base(.)"/>
  </xsl:template>

  <xsl:template match="supplied | unclear | add" mode="tk:plain">
    <xsl:param name="tk:brackets" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:variable name="b" select="tk:brackets(.)"/>
    <xsl:if test="$tk:brackets">{$b[1]}</xsl:if>
    <xsl:apply-templates mode="tk:plain"/>
    <xsl:if test="$tk:brackets">{$b[2]}</xsl:if>
  </xsl:template>

  <xsl:template match="gap" mode="tk:plain">
    <xsl:param name="tk:brackets" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:if test="$tk:brackets">{tk:brackets(.)[1]}{tk:gap-text(.)}{tk:brackets(.)[2]}</xsl:if>
  </xsl:template>

  <!-- source text outside the reading text -->
  <xsl:template match="surplus | fw | del" mode="tk:plain">
    <xsl:param name="tk:view" as="xs:string" tunnel="yes" select="'reading'"/>
    <xsl:if test="$tk:view = 'diplomatic'">
      <xsl:apply-templates mode="tk:plain"/>
      <xsl:if test="self::fw"><xsl:text>&#10;</xsl:text></xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template match="lb" mode="tk:plain">
    <xsl:param name="tk:view" as="xs:string" tunnel="yes" select="'reading'"/>
    <xsl:choose>
      <xsl:when test="$tk:view = 'diplomatic'">{tk:lb-hyphen(.)}&#10;</xsl:when>
      <xsl:when test="@break = 'no'"/>
      <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="pb" mode="tk:plain">
    <xsl:param name="tk:view" as="xs:string" tunnel="yes" select="'reading'"/>
    <xsl:if test="$tk:view = 'diplomatic'"><xsl:text>&#10;</xsl:text></xsl:if>
  </xsl:template>

  <xsl:template match="cb | milestone" mode="tk:plain"/>

  <!-- block boundaries become spaces, so words never run together -->
  <xsl:template match="p | head | l | item | label | cell | ab | quote[p] | closer | opener
                       | salute | signed | dateline | byline | docTitle | titlePart | bibl[parent::cit]"
                mode="tk:plain">
    <xsl:text> </xsl:text>
    <xsl:apply-templates mode="tk:plain"/>
    <xsl:text> </xsl:text>
  </xsl:template>

</xsl:stylesheet>
