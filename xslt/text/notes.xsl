<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit plaintext edition: notes as numbered end notes, listed per chapter.
     Numbers, kinds and places come from xslt/common/notes.xsl, so a note is numbered
     the same here as in the HTML and print editions.
     * A chapter with its own notes division (div[@type='notes'], e.g. a book's end
       notes): the list stands where that division stands, holding every numbered note
       of the chapter (tk:notes-in-scope).
     * Otherwise (foot notes of a text numbered throughout): the notes of each top-level
       division follow it; notes outside every division follow front, body or back. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- a note that is listed (not source text printed inline, not part of an apparatus entry) -->
  <xsl:function name="tkp:listed" as="xs:boolean">
    <xsl:param name="note" as="element(note)"/>
    <xsl:sequence select="empty($note/ancestor::teiHeader) and tk:note-place($note) ne 'inline'
                          and tk:view($note) ne 'apparatus' and empty($note/ancestor::note)"/>
  </xsl:function>

  <xsl:function name="tkp:is-chapter" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="matches(local-name($el), '^div[1-7]?$')
                          and exists($el/(parent::body | parent::front | parent::back | parent::group))"/>
  </xsl:function>

  <xsl:template name="tkp:chapter-notes">
    <xsl:if test="$notes = 'endnotes' and (self::div or self::div1 or self::div2 or self::div3 or self::div4
                  or self::div5 or self::div6 or self::div7 or parent::text)">
      <xsl:variable name="here" select="."/>
      <xsl:variable name="list" select="
        .//note[tkp:listed(.)][empty(ancestor::div[@type = 'notes'])][not(tk:note-scope(.) instance of element(div))]
               [tkp:is-chapter($here) or empty(ancestor::*[tkp:is-chapter(.)])]"/>
      <xsl:if test="exists($list)">
        <xsl:call-template name="tkp:note-list">
          <xsl:with-param name="list" select="$list"/>
          <xsl:with-param name="level" select="if (tkp:is-chapter(.)) then 2 else 1"/>
        </xsl:call-template>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:template name="tkp:notes-division">
    <xsl:if test="$notes = 'endnotes'">
      <xsl:variable name="scope" select="tk:note-scope(.)"/>
      <xsl:variable name="list" select="
        if ($scope is parent::*) then tk:notes-in-scope($scope)[tkp:listed(.)]
        else .//note[tkp:listed(.)]"/>
      <xsl:call-template name="tkp:note-list">
        <xsl:with-param name="list" select="$list"/>
        <xsl:with-param name="level" select="count(ancestor-or-self::div)"/>
        <xsl:with-param name="head" select="head[1]"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="tkp:note-list">
    <xsl:param name="list" as="element(note)*"/>
    <xsl:param name="level" as="xs:integer"/>
    <xsl:param name="head" as="element()?" select="()"/>
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <tkp:block kind="head" indent="{$indent}" level="{max((1, $level))}">
      <xsl:choose>
        <xsl:when test="$head"><xsl:apply-templates select="$head/node()" mode="tkp:inline"/></xsl:when>
        <xsl:otherwise>{tk:label('notes')}</xsl:otherwise>
      </xsl:choose>
    </tkp:block>
    <xsl:for-each select="$list">
      <xsl:variable name="kind" select="tk:note-kind(.)"/>
      <xsl:variable name="n" select="tk:note-number(.)"/>
      <tkp:block kind="note" indent="{$indent}" label="[{if ($n) then $n else '*'}]">
        <xsl:if test="$kind ne 'authorial'">{tk:label($kind)}: </xsl:if>
        <xsl:apply-templates mode="tkp:inline"/>
      </tkp:block>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
