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

  <!-- Local names of the elements that have a rule in mode tk:plain (keep in sync with the
       templates below; tests/html/test_common.py checks it), and those of them whose rule only
       adds spaces around the content.  A node with none of them inside has the plain text
       normalize-space(string(.)), which is much cheaper than applying the mode. -->
  <xsl:variable name="tkp:plain-rules" as="xs:string*" select="(
    'teiHeader', 'facsimile', 'standOff', 'listWit', 'witDetail', 'note', 'ref', 'ptr', 'figDesc',
    'choice', 'app', 'supplied', 'unclear', 'add', 'gap', 'surplus', 'fw', 'del', 'lb', 'pb', 'cb', 'milestone',
    $tkp:plain-blocks)"/>
  <xsl:variable name="tkp:plain-blocks" as="xs:string*" select="(
    'p', 'head', 'l', 'item', 'label', 'cell', 'ab', 'quote', 'closer', 'opener', 'salute', 'signed',
    'dateline', 'byline', 'docTitle', 'titlePart', 'bibl')"/>

  <xsl:function name="tkp:plain-simple" as="xs:boolean">
    <xsl:param name="n" as="node()*"/>
    <!-- name tests (fast) spelling out $tkp:plain-rules; a test checks they agree.  Line breaks
         inside are allowed: tkp:plain-fast handles them. -->
    <xsl:sequence select="every $x in $n satisfies (
      ($x instance of text())
      or ($x instance of element()
          and not($x[self::teiHeader or self::facsimile or self::standOff or self::listWit or self::witDetail or self::note or self::ref or self::ptr or self::figDesc or self::choice or self::app or self::supplied or self::unclear or self::add or self::gap or self::surplus or self::fw or self::del or self::lb or self::pb or self::cb or self::milestone])
          and empty($x/descendant::*[not(self::lb)][self::teiHeader or self::facsimile or self::standOff or self::listWit or self::witDetail or self::note or self::ref or self::ptr or self::figDesc or self::choice or self::app or self::supplied or self::unclear or self::add or self::gap or self::surplus or self::fw or self::del or self::lb or self::pb or self::cb or self::milestone or self::p or self::head or self::l or self::item or self::label or self::cell or self::ab or self::quote or self::closer or self::opener or self::salute or self::signed or self::dateline or self::byline or self::docTitle or self::titlePart or self::bibl][1])))"/>
  </xsl:function>

  <!-- the plain text of nodes for which tkp:plain-simple holds: their text, a line break
       being a space (reading) or the soft hyphen and a space (diplomatic); nothing inside a
       broken word -->
  <xsl:function name="tkp:plain-fast" as="xs:string">
    <xsl:param name="n" as="node()*"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:sequence select="normalize-space(string-join(
      $n/descendant-or-self::node()[self::text() or self::lb]!(
        if (self::lb) then (if ($view = 'diplomatic') then tk:lb-hyphen(.) || ' '
                            else if (@break = 'no') then '' else ' ')
        else string(.)), ''))"/>
  </xsl:function>

  <xsl:function name="tk:plain" as="xs:string">
    <xsl:param name="n" as="node()*"/>
    <xsl:param name="view" as="xs:string"/>
    <xsl:sequence select="if (tkp:plain-simple($n)) then tkp:plain-fast($n, $view)
                          else tkp:plain-applied($n, $view)"/>
  </xsl:function>

  <!-- The reading text as one witness reads it: every app gives that witness's
       reading (tk:witness-reading) instead of the lemma. $wit: a witness id, no '#'. -->
  <xsl:function name="tk:witness-text" as="xs:string">
    <xsl:param name="n" as="node()*"/>
    <xsl:param name="wit" as="xs:string"/>
    <xsl:variable name="t" as="xs:string*">
      <xsl:apply-templates select="$n" mode="tk:plain">
        <xsl:with-param name="tk:witness" select="$wit" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($t, ''))"/>
  </xsl:function>

  <xsl:function name="tkp:plain-applied" as="xs:string">
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
    <xsl:sequence select="if (tkp:plain-simple($n)) then tkp:plain-fast($n, 'reading')
                          else tkp:search-applied($n)"/>
  </xsl:function>

  <xsl:function name="tkp:search-applied" as="xs:string">
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
