<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit print edition: TEI P5 to Typst (compiled by the `typst` wheel: a PDF with
  nothing but pip).

  The same reading text as the LaTeX output (both ask xslt/common), laid out with
  Typst's own footnotes: notes carry their own number (tk-note), the apparatus is a
  second series marked with letters restarting in each chapter (tk-app:
  "a  lemma] reading WIT"), variants and emendations alike; running heads (document
  title on even pages, chapter on odd), page numbers, a table of contents and an
  index of persons (pages found by query at layout time).

  Every character that means something in Typst markup is escaped (tk:typst-escape),
  and every string literal is escaped (tk:typst-string), so no source text is ever
  executed as Typst code.
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
  <xsl:include href="../latex/print-shared.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- 'footnotes': end notes become footnotes at their call; 'endnotes': they stay a
       list at the end of their chapter. -->
  <xsl:param name="notes-as" as="xs:string" select="'footnotes'"/>
  <!-- lemmata of more words than this are abbreviated to "first … last" -->
  <xsl:param name="lemma-max-words" as="xs:integer" select="4"/>
  <!-- the siglum of this document in the apparatus of emendations (default: the document id) -->
  <xsl:param name="siglum" as="xs:string" select="''"/>
  <!-- the personography, relative to the document -->
  <xsl:param name="persons" as="xs:string" select="''"/>
  <!-- paper size: a4 or a5 -->
  <xsl:param name="paper" as="xs:string" select="'a5'"/>

  <xsl:mode use-accumulators="#all"/>
  <xsl:mode name="tkp:typ-section" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:mode name="tkp:typ-block" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:mode name="tkp:typ" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <!-- ================================================================ escaping -->

  <!-- Markup text: every ASCII punctuation character is escaped with a backslash (Typst
       accepts \ before any of them), which disarms # $ * _ ` < > @ [ ] ~ / = + - ' " \
       and the line-start markers (= - + 1. / Term:); whitespace runs become one space, so
       no blank line can end a paragraph; control characters are dropped. -->
  <xsl:function name="tk:typst-escape" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:variable name="clean" select="replace(tkp:space(string($s)), '\p{Cc}', '')"/>
    <xsl:sequence select="replace($clean, '[!-/:-@\[-`{-~]', '\\$0')"/>
  </xsl:function>

  <!-- A Typst string literal, quotes included. -->
  <xsl:function name="tk:typst-string" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:variable name="clean" select="replace(tkp:space(string($s)), '\p{Cc}', '')"/>
    <xsl:sequence select="'&quot;' || replace(replace($clean, '\\', '\\\\'), '&quot;', '\\&quot;') || '&quot;'"/>
  </xsl:function>

  <!-- ================================================================ apparatus marks -->

  <!-- the letter of an apparatus entry: its position in its chapter -->
  <xsl:accumulator name="tkp:app-count" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="div[not(ancestor::div)] | front | body | back" select="0"/>
    <xsl:accumulator-rule match="choice | app | gap | surplus | del" select="
      if (tkp:has-entry(.)) then $value + 1 else $value"/>
  </xsl:accumulator>

  <!-- Does this element make an apparatus entry where it stands (in the running text)? -->
  <xsl:function name="tkp:has-entry" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="
      not($el/ancestor::head[parent::div] or $el/ancestor::rdg or $el/ancestor::sic or $el/ancestor::orig
          or $el/ancestor::abbr or $el/ancestor::surplus or $el/ancestor::del or $el/ancestor::teiHeader
          or $el/ancestor::note[parent::app] or $el/ancestor::figDesc)
      and (
        if ($el/self::choice) then
          (let $s := tk:diplomatic-child($el), $r := tk:reading-child($el) return exists($s) and not($s is $r))
        else if ($el/self::app) then
          exists(($el/(lem | rdg | rdgGrp/lem | rdgGrp/rdg)) except tk:app-base($el))
        else if ($el/self::surplus or $el/self::del) then not($el/ancestor::choice)
        else true())"/>
  </xsl:function>

  <xsl:function name="tkp:mark" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="format-integer($el/accumulator-after('tkp:app-count'), 'a')"/>
  </xsl:function>

  <!-- ================================================================ document -->

  <xsl:template match="/">
    <xsl:variable name="tei" select="(TEI, teiCorpus/TEI)[1]"/>
    <xsl:variable name="title" select="tk:title(.)"/>
    <xsl:variable name="authors" select="$tei/teiHeader/fileDesc/titleStmt/author!normalize-space()[.]"/>
    <xsl:text>// Generated by teikit from TEI; do not edit. Compile: typst compile FILE.typ
#let tk-title = {tk:typst-string(tkp:short($title))}
#set document(title: {tk:typst-string($title)}, author: ({string-join($authors!tk:typst-string(.), ', ')}{if (count($authors) = 1) then ',' else ''}), date: none)
</xsl:text>
    <xsl:value-of select="tkp:template()"/>
    <xsl:call-template name="tkp:title-page">
      <xsl:with-param name="tei" select="$tei"/>
    </xsl:call-template>
    <xsl:if test="$tei/text//div/head">
      <xsl:text>#page(header: none, footer: none)[#outline(title: [{tk:typst-escape(tk:label('contents'))}], depth: 2)#counter(page).update(0)]&#10;</xsl:text>
    </xsl:if>
    <xsl:text>#metadata("body")&lt;tk-body&gt;&#10;</xsl:text>
    <xsl:apply-templates select="$tei/text/(front, body, back)" mode="tkp:typ-section"/>
    <xsl:variable name="people" as="map(*)*">
      <xsl:for-each-group select="$tkp:persons-used!tkp:person(.)" group-by="?key">
        <xsl:sort select="current-group()[1]?sort"/>
        <xsl:sort select="current-grouping-key()"/>
        <xsl:sequence select="current-group()[1]"/>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:if test="exists($people)">
      <xsl:text>&#10;#heading(level: 1)[{tk:typst-escape(tk:label('persons'))}]&#10;#tk-index((&#10;</xsl:text>
      <xsl:for-each select="$people">
        <xsl:text>  ({tk:typst-string(?key)}, {tk:typst-string(?name)}),&#10;</xsl:text>
      </xsl:for-each>
      <xsl:text>))&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:function name="tkp:template" as="xs:string">
    <xsl:variable name="margins" select="
      if ($paper = 'a4') then '(inside: 30mm, outside: 40mm, top: 28mm, bottom: 30mm)'
      else '(inside: 17mm, outside: 22mm, top: 20mm, bottom: 22mm)'"/>
    <xsl:sequence select="string-join((
      '// Latin and Cyrillic: Linux Libertine O (Debian fonts-linuxlibertine) when present,',
      '// else Libertinus Serif, which is embedded in the typst wheel.',
      '#set text(font: (&quot;Linux Libertine O&quot;, &quot;Libertinus Serif&quot;, &quot;DejaVu Serif&quot;), size: 10pt, lang: &quot;en&quot;)',
      '#set par(justify: true, leading: 0.6em, spacing: 0.65em, first-line-indent: 1em)',
      '#set page(paper: &quot;' || (if ($paper = 'a4') then 'a4' else 'a5') || '&quot;, margin: ' || $margins || ',',
      '  header: context {',
      '    let p = here().page()',
      '    let chapters = query(heading.where(level: 1))',
      '    if p > 1 and chapters.filter(h => h.location().page() == p).len() == 0 {',
      '      let before = chapters.filter(h => h.location().page() &lt; p)',
      '      let head = if calc.even(p) or before.len() == 0 { tk-title } else { before.last().body }',
      '      set text(size: 8pt)',
      '      let n = counter(page).display()',
      '      if calc.even(p) { grid(columns: (auto, 1fr, auto), n, align(center, emph(head)), []) }',
      '      else { grid(columns: (auto, 1fr, auto), [], align(center, emph(head)), n) }',
      '    }',
      '  },',
      '  footer: context {',
      '    let p = here().page()',
      '    if query(heading.where(level: 1)).filter(h => h.location().page() == p).len() > 0 {',
      '      align(center, text(size: 8pt, counter(page).display()))',
      '    }',
      '  },',
      ')',
      '#set heading(numbering: none)',
      '#show heading.where(level: 1, outlined: true): it => { pagebreak(weak: true); v(1.5em); text(size: 15pt, weight: &quot;regular&quot;, it.body); v(1em) }',
      '#show heading.where(level: 2): it => { v(0.8em); text(size: 11.5pt, weight: &quot;regular&quot;, style: &quot;italic&quot;, it.body); v(0.4em) }',
      '#show heading.where(level: 3): it => { v(0.5em); text(size: 10pt, weight: &quot;bold&quot;, it.body); v(0.2em) }',
      '#set footnote.entry(separator: line(length: 25%, stroke: 0.4pt), gap: 0.45em, indent: 0em)',
      '#show footnote.entry: set text(size: 8pt)',
      '// notes carry their own number; the apparatus is a second series, marked by letters',
      '#let tk-note(mark, body) = footnote(numbering: (..) => mark, body)',
      '#let tk-app(mark, lemma, body) = footnote(numbering: (..) => mark, [#lemma\] #body])',
      '#let tk-sigla(s) = emph(s)',
      '#let tk-pb(n) = box(text(size: 0.7em, fill: luma(90), baseline: -0.35em)[|#n])',
      '#let tk-endnote(mark, body) = par(hanging-indent: 1.2em)[#strong(mark + &quot;.&quot;) #body]',
      '#let tk-quote(body) = block(inset: (left: 1.5em, right: 1.5em))[#set text(size: 9.3pt); #body]',
      '#let tk-indent(body) = block(inset: (left: 1.5em))[#body]',
      '#let tk-epigraph(body) = align(right, block(width: 65%)[#set align(left); #set text(size: 9.3pt); #body])',
      '#let tk-person(key) = [#metadata(key)&lt;tk-person&gt;]',
      '// the index: pages of every person, in one pass over the marks; the page numbers',
      '// shown are the physical page less the pages before the text (title, contents)',
      '#let tk-index(entries) = context {',
      '  let start = query(&lt;tk-body&gt;).first().location()',
      '  let offset = start.page() - counter(page).at(start).first()',
      '  let pages = (:)',
      '  for h in query(&lt;tk-person&gt;) {',
      '    let p = h.location().page() - offset',
      '    let seen = pages.at(h.value, default: ())',
      '    if seen.len() == 0 or seen.last() != p { pages.insert(h.value, seen + (p,)) }',
      '  }',
      '  set par(justify: false, hanging-indent: 1em, first-line-indent: 0em)',
      '  columns(2, for (key, name) in entries {',
      '    if key in pages [#name, #pages.at(key).map(str).join(&quot;, &quot;) #parbreak()]',
      '  })',
      '}',
      ''), '&#10;')"/>
  </xsl:function>

  <xsl:template name="tkp:title-page">
    <xsl:param name="tei" as="element()?"/>
    <xsl:variable name="fd" select="$tei/teiHeader/fileDesc"/>
    <xsl:text>#page(header: none, footer: none)[#align(center)[&#10;#v(2cm)&#10;#text(size: 18pt)[{tk:typst-escape(tk:title(root($tei)))}]&#10;</xsl:text>
    <xsl:for-each select="$fd/titleStmt/title[@type = 'sub']">
      <xsl:text>#v(0.5cm)#text(size: 12pt)[{tk:typst-escape(normalize-space(.))}]&#10;</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="$fd/titleStmt/author">
      <xsl:text>#v(1cm)#text(size: 12pt)[{tk:typst-escape(normalize-space(.))}]&#10;</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="$fd/titleStmt/respStmt[name | persName | orgName]">
      <xsl:text>#v(0.3cm)&#10;#text[{tk:typst-escape(normalize-space(resp))} {tk:typst-escape(string-join((name | persName | orgName)!normalize-space(), ', '))}]&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>#v(1fr)&#10;</xsl:text>
    <xsl:for-each select="$fd/sourceDesc/bibl[1]">
      <xsl:text>#text(size: 9pt)[{tk:typst-escape(tk:plain(.))}]&#10;&#10;</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="$fd/publicationStmt">
      <xsl:text>#text(size: 9pt)[{tk:typst-escape(string-join((publisher, date)!normalize-space()[.], ', '))}]&#10;&#10;</xsl:text>
      <xsl:for-each select="availability">
        <xsl:text>#text(size: 8pt)[{tk:typst-escape(tk:plain(.))}]&#10;</xsl:text>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:text>]{if ($tei/text//div/head) then '' else '#counter(page).update(0)'}]&#10;</xsl:text>
  </xsl:template>

  <!-- ================================================================ sections -->

  <xsl:template match="front | body | back | div" mode="tkp:typ-section">
    <xsl:variable name="depth" select="count(ancestor::div) + 1"/>
    <xsl:choose>
      <xsl:when test="self::div[@type = 'notes'] and $notes-as = 'footnotes'
                      and empty(tkp:notes-left(.))"/>
      <xsl:otherwise>
        <xsl:if test="self::div">
          <xsl:variable name="head" select="head[1]"/>
          <xsl:if test="$head or @type = 'notes'">
            <xsl:text>&#10;#heading(level: {min(($depth, 3))})[</xsl:text>
            <xsl:choose>
              <xsl:when test="$head">
                <xsl:apply-templates select="$head/node()" mode="tkp:typ">
                  <xsl:with-param name="tkp:numbered" select="false()" tunnel="yes"/>
                </xsl:apply-templates>
              </xsl:when>
              <xsl:otherwise>{tk:typst-escape(tk:label('notes'))}</xsl:otherwise>
            </xsl:choose>
            <xsl:text>]&#10;&#10;</xsl:text>
          </xsl:if>
        </xsl:if>
        <xsl:for-each-group select="node() except head[1][parent::div]" group-adjacent="tkp:is-section(.)">
          <xsl:choose>
            <xsl:when test="current-grouping-key()">
              <xsl:apply-templates select="current-group()" mode="tkp:typ-section"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="tkp:blocks">
                <xsl:with-param name="nodes" select="current-group()"/>
              </xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each-group>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ blocks -->

  <xsl:template name="tkp:blocks">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:for-each-group select="$nodes" group-adjacent="tkp:is-block(.)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:apply-templates select="current-group()" mode="tkp:typ-block"/>
        </xsl:when>
        <xsl:when test="tkp:significant(current-group())">
          <xsl:apply-templates select="current-group()" mode="tkp:typ"/>
          <xsl:text>&#10;&#10;</xsl:text>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template match="p | ab | head | salute | signed | dateline | byline | docAuthor | trailer
                       | l | bibl | item | label | argument | postscript | row
                       | titlePart | docImprint | docEdition | docDate | person" mode="tkp:typ-block">
    <xsl:choose>
      <xsl:when test="not(self::row) and (some $c in * satisfies tkp:is-block($c))">
        <xsl:call-template name="tkp:blocks">
          <xsl:with-param name="nodes" select="node()"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="tkp:significant(node())">
        <xsl:apply-templates select="tkp:pending-breaks(.)" mode="tkp:typ"/>
        <xsl:variable name="wrap" select="
          if (self::head or self::label) then '#strong['
          else if (self::dateline or self::signed or self::byline) then '#align(right)['
          else ''"/>
        <xsl:value-of select="$wrap"/>
        <xsl:if test="self::item and not(preceding-sibling::*[1][self::label])">• </xsl:if>
        <xsl:choose>
          <xsl:when test="self::row">
            <xsl:for-each select="cell">
              <xsl:if test="position() gt 1"> \| </xsl:if>
              <xsl:apply-templates mode="tkp:typ"/>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates mode="tkp:typ"/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$wrap">]</xsl:if>
        <xsl:text>&#10;&#10;</xsl:text>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="quote | cit | epigraph | lg | list | floatingText | opener | closer | table
                       | div[ancestor::floatingText or ancestor::quote or ancestor::note]
                       | body[parent::floatingText] | listBibl | sp | titlePage | docTitle | listPerson"
                mode="tkp:typ-block">
    <xsl:variable name="wrap" select="
      if (self::epigraph) then '#tk-epigraph['
      else if (self::quote or self::cit) then '#tk-quote['
      else if (self::lg or self::list or self::floatingText) then '#tk-indent['
      else ''"/>
    <xsl:value-of select="$wrap"/>
    <xsl:if test="$wrap">&#10;</xsl:if>
    <xsl:choose>
      <xsl:when test="self::lg">
        <!-- verse: one line per l, stanza as one paragraph -->
        <xsl:for-each select="l | lg/l">
          <xsl:apply-templates mode="tkp:typ"/>
          <xsl:if test="position() ne last()"> \&#10;</xsl:if>
        </xsl:for-each>
        <xsl:text>&#10;</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="tkp:blocks">
          <xsl:with-param name="nodes" select="node()"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$wrap">]&#10;&#10;</xsl:if>
  </xsl:template>

  <xsl:template match="figure" mode="tkp:typ-block">
    <xsl:if test="head or figDesc">
      <xsl:text>#emph[</xsl:text>
      <xsl:apply-templates select="head/node()" mode="tkp:typ"/>
      <xsl:if test="head and figDesc"> — </xsl:if>
      <xsl:apply-templates select="figDesc/node()" mode="tkp:typ"/>
      <xsl:text>]&#10;&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="note" mode="tkp:typ-block">
    <xsl:choose>
      <xsl:when test="tkp:note-skipped(.)"/>
      <xsl:when test="ancestor::div[@type = 'notes']">
        <xsl:text>#tk-endnote({tk:typst-string(tk:note-number(.))})[</xsl:text>
        <xsl:call-template name="tkp:note-body"/>
        <xsl:text>]&#10;&#10;</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="." mode="tkp:typ"/>
        <xsl:text>&#10;&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="pb | cb | fw | milestone | lb | anchor | listWit | witDetail | comment() | processing-instruction()"
                mode="tkp:typ-block"/>

  <xsl:template match="text()" mode="tkp:typ-block">
    <xsl:if test="normalize-space()">
      <xsl:apply-templates select="." mode="tkp:typ"/>
      <xsl:text>&#10;&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ inline -->

  <xsl:template match="text()" mode="tkp:typ">
    <xsl:value-of select="tk:typst-escape(tkp:text(.))"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="tkp:typ"/>

  <xsl:template match="hi | emph | title | foreign | term | mentioned | soCalled | distinct | gloss | speaker"
                mode="tkp:typ">
    <xsl:variable name="s" select="tkp:style(.)"/>
    <xsl:value-of select="map{
      'italic': '#emph[', 'bold': '#strong[', 'sup': '#super[', 'sub': '#sub[',
      'smallcaps': '#smallcaps[', 'underline': '#underline[', 'quoted': '‘', 'plain': ''}($s)"/>
    <xsl:apply-templates mode="tkp:typ"/>
    <xsl:value-of select="map{'quoted': '’', 'plain': ''}($s)"/>
    <xsl:if test="not($s = ('quoted', 'plain'))">]</xsl:if>
  </xsl:template>

  <xsl:template match="persName | rs[@ref] | name[@ref]" mode="tkp:typ">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:apply-templates mode="tkp:typ"/>
    <xsl:variable name="key" select="tk:person-key(.)"/>
    <xsl:if test="$tkp:numbered and exists($key)">#tk-person({tk:typst-string($key)})</xsl:if>
  </xsl:template>

  <xsl:template match="choice" mode="tkp:typ">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:variable name="reading" select="tk:reading-child(.)"/>
    <xsl:apply-templates select="$reading/node()" mode="tkp:typ"/>
    <xsl:if test="$tkp:numbered and tkp:has-entry(.)">
      <xsl:text>#tk-app({tk:typst-string(tkp:mark(.))}, [{tkp:lemma($reading)}], [</xsl:text>
      <xsl:call-template name="tkp:reading-or-om">
        <xsl:with-param name="el" select="tk:diplomatic-child(.)"/>
        <xsl:with-param name="view" select="'diplomatic'"/>
      </xsl:call-template>
      <xsl:text> #tk-sigla({tk:typst-string(tkp:siglum(.))}){tkp:emendation-note($reading)}])</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:function name="tkp:emendation-note" as="xs:string">
    <xsl:param name="el" as="element()?"/>
    <xsl:variable name="bits" select="(string($el/@type)[.], ('cert. ' || $el/@cert)[$el/@cert = ('low', 'medium', 'unknown')])"/>
    <xsl:sequence select="if (exists($bits)) then ' ' || tk:typst-escape('(' || string-join($bits, ', ') || ')') else ''"/>
  </xsl:function>

  <xsl:template match="app" mode="tkp:typ">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:variable name="base" select="tk:app-base(.)"/>
    <xsl:variable name="others" select="(lem | rdg | rdgGrp/lem | rdgGrp/rdg) except $base"/>
    <xsl:apply-templates select="$base/node()" mode="tkp:typ"/>
    <xsl:if test="$tkp:numbered and tkp:has-entry(.)">
      <xsl:text>#tk-app({tk:typst-string(tkp:mark(.))}, [{tkp:lemma($base)}], [</xsl:text>
      <xsl:for-each select="$others">
        <xsl:if test="position() gt 1">\; </xsl:if>
        <xsl:call-template name="tkp:reading-or-om">
          <xsl:with-param name="el" select="."/>
        </xsl:call-template>
        <xsl:variable name="wits" select="tkp:sigla(.)"/>
        <xsl:if test="exists($wits)"> #tk-sigla({tk:typst-string(string-join($wits, ' '))})</xsl:if>
      </xsl:for-each>
      <xsl:text>])</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- the lemma of an entry: "first … last" when long, with its sigla -->
  <xsl:function name="tkp:lemma" as="xs:string">
    <xsl:param name="el" as="element()?"/>
    <xsl:variable name="text" select="tk:plain($el)"/>
    <xsl:variable name="wits" select="if ($el/self::lem) then tkp:sigla($el) else ()"/>
    <xsl:sequence select="
      (if ($text = '') then '#emph[' || tk:typst-escape(tk:label('omitted')) || ']'
       else tk:typst-escape(tkp:abbreviate-lemma($text, $lemma-max-words)))
      || (if (exists($wits)) then ' #tk-sigla(' || tk:typst-string(string-join($wits, ' ')) || ')' else '')"/>
  </xsl:function>

  <xsl:template name="tkp:reading-or-om">
    <xsl:param name="el" as="element()?"/>
    <xsl:param name="view" as="xs:string" select="'reading'"/>
    <xsl:choose>
      <xsl:when test="tk:plain($el, $view) = ''">#emph[{tk:typst-escape(tk:label('omitted'))}]</xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$el/node()" mode="tkp:typ">
          <xsl:with-param name="tkp:numbered" select="false()" tunnel="yes"/>
          <xsl:with-param name="tkp:view" select="$view" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="supplied | unclear | add" mode="tkp:typ">
    <xsl:variable name="b" select="tk:brackets(.)"/>
    <xsl:value-of select="tk:typst-escape($b[1])"/>
    <xsl:apply-templates mode="tkp:typ"/>
    <xsl:value-of select="tk:typst-escape($b[2])"/>
  </xsl:template>

  <xsl:template match="gap" mode="tkp:typ">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:variable name="b" select="tk:brackets(.)"/>
    <xsl:variable name="mark" select="tk:typst-escape($b[1] || tk:gap-text(.) || $b[2])"/>
    <xsl:value-of select="$mark"/>
    <xsl:if test="$tkp:numbered and tkp:has-entry(.)">#tk-app({tk:typst-string(tkp:mark(.))}, [{$mark}], [{tk:typst-escape(tk:gap-description(.))}])</xsl:if>
  </xsl:template>

  <xsl:template match="surplus | del" mode="tkp:typ">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="tkp:view" as="xs:string" tunnel="yes" select="'reading'"/>
    <xsl:choose>
      <xsl:when test="$tkp:view = 'diplomatic'">
        <xsl:apply-templates mode="tkp:typ"/>
      </xsl:when>
      <xsl:when test="$tkp:numbered and tkp:has-entry(.)">
        <xsl:text>#tk-app({tk:typst-string(tkp:mark(.))}, [#emph[{tk:typst-escape(tk:label('omitted'))}]], [</xsl:text>
        <xsl:value-of select="tk:typst-escape(tk:brackets(.)[1])"/>
        <xsl:apply-templates mode="tkp:typ">
          <xsl:with-param name="tkp:numbered" select="false()" tunnel="yes"/>
          <xsl:with-param name="tkp:view" select="'diplomatic'" tunnel="yes"/>
        </xsl:apply-templates>
        <xsl:value-of select="tk:typst-escape(tk:brackets(.)[2])"/>
        <xsl:text> #tk-sigla({tk:typst-string(tkp:siglum(.))})])</xsl:text>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="lb" mode="tkp:typ">
    <xsl:param name="tkp:view" as="xs:string" tunnel="yes" select="'reading'"/>
    <xsl:choose>
      <xsl:when test="$tkp:view = 'diplomatic'">{tk:typst-escape(tk:lb-hyphen(.) || '|')}</xsl:when>
      <xsl:when test="@break = 'no'"/>
      <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="pb" mode="tkp:typ">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:if test="$tkp:numbered and normalize-space(@n)">#tk-pb({tk:typst-string(normalize-space(@n))})</xsl:if>
  </xsl:template>

  <xsl:template match="fw | cb | milestone | anchor | figDesc | witDetail | listWit | graphic" mode="tkp:typ"/>

  <!-- phrase-level elements without a typographic rendering of their own: their text -->
  <xsl:template match="s | seg | w | c | pc | num | measure | date | time | name | orgName | placeName | geogName
                       | rs | roleName | forename | surname | addName | author | editor | pubPlace | publisher
                       | idno | q | said | quote | cit | bibl | abbr | expan | orig | reg | sic | corr | lem | rdg
                       | affiliation | occupation | docAuthor | byline" mode="tkp:typ">
    <xsl:apply-templates mode="tkp:typ"/>
  </xsl:template>

  <xsl:template match="space" mode="tkp:typ">
    <xsl:text> </xsl:text>
  </xsl:template>

  <xsl:template match="ref[@type = 'noteref'] | ptr[@type = 'noteref']" mode="tkp:typ">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:variable name="note" select="tk:call-note(.)"/>
    <xsl:choose>
      <xsl:when test="empty($note)">#super[{tk:typst-escape(tk:plain(node()))}]</xsl:when>
      <xsl:when test="not($tkp:numbered)"/>
      <xsl:when test="tkp:as-endnote($note)">#super[{tk:typst-escape(tk:note-number($note))}]</xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$note" mode="tkp:typ">
          <xsl:with-param name="tkp:from-call" select="true()" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="note" mode="tkp:typ">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="tkp:from-call" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="tk:note-place(.) = 'inline'">
        <xsl:apply-templates mode="tkp:typ"/>
      </xsl:when>
      <xsl:when test="parent::app or not($tkp:numbered)"/>
      <xsl:when test="not($tkp:from-call) and exists(tk:note-call(.))"/>
      <xsl:otherwise>
        <xsl:text>#tk-note({tk:typst-string(tk:note-number(.))})[</xsl:text>
        <xsl:call-template name="tkp:note-body"/>
        <xsl:text>]</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tkp:note-body">
    <xsl:choose>
      <xsl:when test="p | ab | quote[p] | list | lg">
        <xsl:for-each select="* | text()[normalize-space()]">
          <xsl:if test="position() gt 1">#parbreak() </xsl:if>
          <xsl:choose>
            <xsl:when test="self::list or self::lg">
              <xsl:for-each select="*">
                <xsl:if test="position() gt 1"> \ </xsl:if>
                <xsl:apply-templates mode="tkp:typ"/>
              </xsl:for-each>
            </xsl:when>
            <xsl:when test="self::text()"><xsl:apply-templates select="." mode="tkp:typ"/></xsl:when>
            <xsl:otherwise><xsl:apply-templates mode="tkp:typ"/></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates mode="tkp:typ"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="ref | ptr" mode="tkp:typ" priority="-1">
    <xsl:apply-templates mode="tkp:typ"/>
  </xsl:template>

  <xsl:template match="p | ab | l | item | head | label | quote[p] | lg | list" mode="tkp:typ" priority="-1">
    <xsl:text> </xsl:text>
    <xsl:apply-templates mode="tkp:typ"/>
    <xsl:text> </xsl:text>
  </xsl:template>

</xsl:stylesheet>
