<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit plaintext edition: inline elements (mode tkp:inline).
     Every decision about what the text reads is asked of xslt/common (tk:view,
     tk:reading-child, tk:diplomatic-child, tk:app-base, tk:witness-reading, tk:brackets,
     tk:gap-text, tk:lb-hyphen, tk:note-*); this file only lays the answers out. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Unknown elements keep their text (generic rendering). -->
  <xsl:mode name="tkp:inline" on-no-match="text-only-copy" on-multiple-match="fail" warning-on-no-match="false"/>

  <xsl:template match="text()" mode="tkp:inline">
    <xsl:value-of select="."/>
  </xsl:template>

  <!-- never text -->
  <xsl:template match="*:teiHeader | listWit | witDetail | figDesc | ptr | graphic | comment() | processing-instruction()"
                mode="tkp:inline"/>

  <!-- choice: the reading text shows corr/reg/expan, the diplomatic text sic/orig/abbr -->
  <xsl:template match="choice" mode="tkp:inline">
    <xsl:apply-templates mode="tkp:inline"
        select="if ($view = 'diplomatic') then tk:diplomatic-child(.) else tk:reading-child(.)"/>
  </xsl:template>

  <!-- app: the lemma (the base reading), or the reading of the chosen witness -->
  <xsl:template match="app" mode="tkp:inline">
    <xsl:apply-templates mode="tkp:inline"
        select="if ($witness) then tk:witness-reading(., $witness) else tk:app-base(.)"/>
  </xsl:template>

  <!-- editorial brackets: supplied [ ], unclear (?), add -->
  <xsl:template match="supplied | unclear | add" mode="tkp:inline">
    <xsl:variable name="b" select="tk:brackets(.)"/>
    <xsl:text>{$b[1]}</xsl:text>
    <xsl:apply-templates mode="tkp:inline"/>
    <xsl:text>{$b[2]}</xsl:text>
  </xsl:template>

  <xsl:template match="gap" mode="tkp:inline">
    <xsl:variable name="b" select="tk:brackets(.)"/>
    <xsl:text>{$b[1]}{tk:gap-text(.)}{$b[2]}</xsl:text>
  </xsl:template>

  <!-- source text outside the reading text: surplus, deletions -->
  <xsl:template match="surplus | del" mode="tkp:inline">
    <xsl:if test="$view = 'diplomatic' and tk:view(.) = ('diplomatic', 'both')">
      <xsl:apply-templates mode="tkp:inline"/>
    </xsl:if>
  </xsl:template>

  <!-- running heads and page numbers: lines of their own in the diplomatic text -->
  <xsl:template match="fw" mode="tkp:inline">
    <xsl:if test="$view = 'diplomatic' and tk:view(.) = ('diplomatic', 'both')">
      <tkp:br/>
      <xsl:apply-templates mode="tkp:inline"/>
      <tkp:br/>
    </xsl:if>
  </xsl:template>

  <!-- line breaks: the source's lines in the diplomatic text (with the soft hyphen);
       in the reading text words broken across lines are joined -->
  <xsl:template match="lb" mode="tkp:inline">
    <xsl:choose>
      <xsl:when test="$view = 'diplomatic'">
        <xsl:text>{tk:lb-hyphen(.)}</xsl:text>
        <tkp:br/>
      </xsl:when>
      <xsl:when test="@break = 'no'"/>
      <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- page breaks: optional markers such as [p. 60] -->
  <xsl:template match="pb" mode="tkp:inline">
    <xsl:variable name="joined" select="@break = 'no'"/>
    <xsl:if test="$view = 'diplomatic'"><tkp:br/></xsl:if>
    <xsl:if test="$page-markers and normalize-space(@n)">
      <xsl:if test="not($joined) and $view = 'reading'"><xsl:text> </xsl:text></xsl:if>
      <xsl:text>[p. {normalize-space(@n)}]</xsl:text>
      <xsl:if test="not($joined) and $view = 'reading'"><xsl:text> </xsl:text></xsl:if>
      <xsl:if test="$view = 'diplomatic'"><tkp:br/></xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template match="cb | milestone" mode="tkp:inline"/>

  <!-- note calls: [n] in the text, the note in the chapter's list -->
  <xsl:template match="ref[@type = 'noteref'] | ptr[@type = 'noteref']" mode="tkp:inline" priority="1">
    <xsl:variable name="note" select="tk:call-note(.)"/>
    <xsl:if test="$notes = 'endnotes'">
      <xsl:text>[{if ($note) then tk:note-number($note) else normalize-space(.)}]</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- notes: inline notes are text of the source (interpolations) and stay; a numbered
       note standing where it is called gets its call mark here; the rest are listed -->
  <xsl:template match="note" mode="tkp:inline">
    <xsl:choose>
      <xsl:when test="tk:note-place(.) = 'inline'">
        <xsl:apply-templates mode="tkp:inline"/>
      </xsl:when>
      <xsl:when test="tk:view(.) = 'apparatus'"/>
      <xsl:when test="$notes = 'endnotes' and tk:note-in-place(.) and tk:note-number(.) ne ''">
        <xsl:text>[{tk:note-number(.)}]</xsl:text>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- blocks met inside running text (a paragraph in a note, a list in a cell): spaced -->
  <xsl:template match="p | ab | l | item | head | lg | list | label | closer | opener | salute | signed | dateline"
                mode="tkp:inline">
    <xsl:text> </xsl:text>
    <xsl:apply-templates mode="tkp:inline"/>
    <xsl:text> </xsl:text>
  </xsl:template>

</xsl:stylesheet>
