<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit print edition: layout helpers shared by the LaTeX (this folder) and Typst
  (xslt/typst) outputs. These decide page layout only (what is a block, which
  whitespace survives, how a long lemma is shortened); every editorial decision is
  asked of xslt/common.

  Candidates for xslt/common (format-independent, used by both print outputs):
    tkp:text            whitespace of a text node in the reading text, joining words
                        across lb[@break='no'] even when pb/fw stand between
    tkp:person          a persName resolved through the personography (name, sort key)
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- A div that opens a new section of the book (heading, new line numbering). -->
  <xsl:function name="tkp:is-section" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="exists($n/self::div[not(ancestor::floatingText or ancestor::quote or ancestor::note)])"/>
  </xsl:function>

  <!-- An element laid out as a block (its own paragraph or paragraphs). -->
  <xsl:function name="tkp:is-block" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="exists($n/(
        self::p | self::ab | self::head | self::lg | self::l | self::list | self::item | self::table
      | self::row | self::figure | self::floatingText | self::div | self::opener | self::closer
      | self::epigraph | self::byline | self::docAuthor | self::trailer | self::argument
      | self::postscript | self::salute | self::signed | self::listBibl | self::sp
      | self::titlePage | self::docTitle | self::titlePart | self::docImprint | self::docEdition
      | self::docDate[parent::titlePage or parent::front] | self::listPerson | self::person
      | self::body[parent::floatingText]
      | self::label[parent::list]
      | self::dateline[parent::closer or parent::opener or parent::div or parent::body]
      | self::bibl[parent::listBibl or parent::div or parent::body]
      | self::quote[p or lg or list or parent::div or parent::body or parent::front or parent::back
                    or parent::epigraph or parent::floatingText or parent::cit[parent::div or parent::body]]
      | self::cit[parent::div or parent::body or parent::epigraph]
      | self::note[parent::div or parent::body or parent::front or parent::back]))"/>
  </xsl:function>

  <!-- Nodes that print something (not only whitespace, breaks and skipped notes). -->
  <xsl:function name="tkp:significant" as="xs:boolean">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="exists($nodes[
        self::text()[normalize-space()]
        or self::*[not(self::pb or self::cb or self::fw or self::milestone or self::lb or self::anchor
                       or self::listWit or self::witDetail
                       or self::note[tkp:note-skipped(.)])]])"/>
  </xsl:function>

  <!-- The text of a text node in the reading text: whitespace runs become one space, and
       the whitespace next to a lb[@break='no'] (a word broken at a line end) vanishes,
       also across page breaks and running heads standing between the two halves. -->
  <xsl:function name="tkp:text" as="xs:string">
    <xsl:param name="t" as="text()"/>
    <xsl:variable name="s" select="tkp:space($t)"/>
    <xsl:variable name="joins" select="exists(key('tkp:lb-joins', generate-id($t/..), root($t)))"/>
    <xsl:variable name="before" select="if ($joins) then $t/preceding-sibling::node()[not(tkp:transparent(.))][1] else ()"/>
    <xsl:variable name="after" select="if ($joins) then $t/following-sibling::node()[not(tkp:transparent(.))][1] else ()"/>
    <xsl:variable name="s" select="if ($before/self::lb[@break = 'no']) then replace($s, '^ ', '') else $s"/>
    <xsl:sequence select="if ($after/self::lb[@break = 'no']) then replace($s, ' $', '') else $s"/>
  </xsl:function>

  <xsl:key name="tkp:lb-joins" match="lb[@break = 'no']" use="generate-id(..)"/>

  <!-- Whitespace runs as one space, kept at either end (normalize-space is much faster
       than a \s+ regular expression in Saxon on large documents). -->
  <xsl:function name="tkp:space" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="n" select="normalize-space($s)"/>
    <xsl:sequence select="
      if ($n = '') then (if ($s = '') then '' else ' ')
      else (if (normalize-space(substring($s, 1, 1)) = '') then ' ' else '') || $n
           || (if (normalize-space(substring($s, string-length($s))) = '') then ' ' else '')"/>
  </xsl:function>

  <xsl:function name="tkp:transparent" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="exists($n/(self::pb | self::fw | self::cb | self::milestone | self::comment()
                          | self::text()[not(normalize-space())]))"/>
  </xsl:function>

  <!-- page breaks standing between the previous block and this one -->
  <xsl:function name="tkp:pending-breaks" as="element(pb)*">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="prev" select="$el/preceding-sibling::*[not(self::pb or self::fw or self::cb or self::milestone or self::lb)][1]"/>
    <xsl:sequence select="if (tkp:is-section($el/..) or $el/parent::body or $el/parent::front or $el/parent::back)
                          then $el/preceding-sibling::pb[empty($prev) or . >> $prev] else ()"/>
  </xsl:function>

  <!-- typographic style of a highlighted or semantically italic phrase -->
  <xsl:function name="tkp:style" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="r" select="lower-case(string-join(($el/@rend, $el/@rendition), ' '))"/>
    <xsl:sequence select="
      if (contains($r, 'ital')) then 'italic'
      else if (contains($r, 'bold')) then 'bold'
      else if (contains($r, 'sup')) then 'sup'
      else if (matches($r, '(^|\s)sub')) then 'sub'
      else if (contains($r, 'small')) then 'smallcaps'
      else if (contains($r, 'underline')) then 'underline'
      else if (contains($r, 'quot')) then 'quoted'
      else if ($el/self::soCalled or $el/self::title[@level = ('a', 'u')]) then 'quoted'
      else if ($el/self::gloss) then 'plain'
      else if ($el/self::speaker) then 'smallcaps'
      else 'italic'"/>
  </xsl:function>

  <!-- a title short enough for a running head: at most eight words -->
  <xsl:function name="tkp:short" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="w" select="tokenize(normalize-space($s))"/>
    <xsl:sequence select="if (count($w) le 8) then normalize-space($s)
                          else string-join($w[position() le 7], ' ') || ' …'"/>
  </xsl:function>

  <!-- ===== persons -->

  <xsl:function name="tkp:personography" as="document-node()?">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="base" select="base-uri(root($n))"/>
    <xsl:variable name="uri" select="
      if (normalize-space($persons)) then normalize-space($persons)
      else if ($base) then resolve-uri('persons.xml', $base) else ()"/>
    <xsl:sequence select="if (exists($uri) and doc-available($uri)) then doc($uri) else ()"/>
  </xsl:function>

  <xsl:key name="tkp:person" match="person | personGrp" use="string(@xml:id)"/>

  <!-- map{'key', 'name', 'sort'} for a persName with @ref, or () -->
  <xsl:function name="tkp:person" as="map(*)?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="key" select="tk:person-key($el)"/>
    <xsl:variable name="pg" select="if ($key) then tkp:personography($el) else ()"/>
    <xsl:variable name="person" select="if ($pg) then key('tkp:person', $key, $pg)[1] else ()"/>
    <xsl:variable name="pn" select="($person/persName[@type = 'main'], $person/persName[not(@type = 'variant')], $person/persName)[1]"/>
    <xsl:variable name="name" select="
      if ($pn/surname) then normalize-space(string-join(($pn/surname, string-join($pn/forename, ' ')), ', '))
      else normalize-space($pn)"/>
    <xsl:variable name="name" select="($name[.], tk:plain($el)[.], $key)[1]"/>
    <xsl:sequence select="if ($key) then map{'key': $key, 'name': $name, 'sort': lower-case($name)} else ()"/>
  </xsl:function>

  <xsl:variable name="tkp:persons-used" as="element()*"
      select="//text//(persName | rs | name)[@ref][exists(tk:person-key(.))]"/>

  <!-- ===== sigla -->

  <xsl:function name="tkp:siglum" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="($siglum[normalize-space()], tk:doc-id($n))[1]"/>
  </xsl:function>

  <!-- the sigla of a reading's witnesses (listWit sigla, else the bare ids) -->
  <xsl:function name="tkp:sigla" as="xs:string*">
    <xsl:param name="rdg" as="element()"/>
    <xsl:variable name="wits" select="tk:witnesses(root($rdg))"/>
    <xsl:sequence select="for $w in tk:wit-tokens($rdg) return ($wits[?id = $w]?siglum, $w)[1]"/>
  </xsl:function>

  <!-- ===== notes -->

  <!-- an end note printed in its chapter's list of notes (notes-as = 'endnotes') -->
  <xsl:function name="tkp:as-endnote" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="$notes-as = 'endnotes' and exists($note/ancestor::div[@type = 'notes'])"/>
  </xsl:function>

  <!-- a note printed at its call, not where it stands -->
  <xsl:function name="tkp:note-skipped" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="exists(tk:note-call($note)) and not(tkp:as-endnote($note))"/>
  </xsl:function>

  <!-- what remains of a notes div when its notes went to their calls -->
  <xsl:function name="tkp:notes-left" as="node()*">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="$div/(* except head)[not(self::note[tkp:note-skipped(.)])]
                          | $div/text()[normalize-space()]"/>
  </xsl:function>

  <!-- ===== apparatus -->

  <!-- "first … last" for a lemma longer than $max words -->
  <xsl:function name="tkp:abbreviate-lemma" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:variable name="w" select="tokenize(normalize-space($text))"/>
    <xsl:sequence select="if (count($w) gt $max and $max gt 0) then $w[1] || ' … ' || $w[last()] else normalize-space($text)"/>
  </xsl:function>

</xsl:stylesheet>
