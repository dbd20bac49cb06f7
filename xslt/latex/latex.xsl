<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit print edition: TEI P5 to LaTeX with reledmac (XeLaTeX or LuaLaTeX).

  The reading text is numbered by line (\beginnumbering, one \pstart ... \pend per
  paragraph, numbering sections closed around every heading). The critical apparatus
  is keyed to those line numbers at the foot of the page in two series:

    series A   variants: every <app> (lemma = the base reading, tk:app-base)
    series B   editorial emendations: choice (sic/corr, orig/reg, abbr/expan),
               gaps (described) and superfluous source text left out of the reading

  Lemmata longer than $lemma-max-words words are abbreviated to "first … last" with
  \lemma{}. Authorial, translator's and editors' notes are familiar footnotes (\footnoteA,
  carrying the note's own number), or, for end notes, a list at the end of each chapter
  ($notes-as = 'endnotes'). An index of persons (imakeidx, makeindex) is built from
  persName/@ref resolved through the personography.

  Which reading is shown, which brackets mark an intervention, how notes are numbered:
  all of that is asked of xslt/common (tk:* functions); this stylesheet only writes LaTeX.
  No source text reaches the output without tk:latex-escape.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="../common/common.xsl"/>
  <xsl:include href="print-shared.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- 'footnotes': end notes become footnotes at their call; 'endnotes': they stay a
       list at the end of their chapter (foot notes are footnotes either way). -->
  <xsl:param name="notes-as" as="xs:string" select="'footnotes'"/>
  <!-- print every n-th line number (1 prints them all) -->
  <xsl:param name="line-number-step" as="xs:integer" select="5"/>
  <!-- lemmata of more words than this are abbreviated to "first … last" -->
  <xsl:param name="lemma-max-words" as="xs:integer" select="4"/>
  <!-- the siglum of this document in the apparatus of emendations (default: the document id) -->
  <xsl:param name="siglum" as="xs:string" select="''"/>
  <!-- the personography, relative to the document (persName/@ref = 'persons.xml#key') -->
  <xsl:param name="persons" as="xs:string" select="''"/>
  <!-- paper size: a4 or a5 -->
  <xsl:param name="paper" as="xs:string" select="'a5'"/>

  <xsl:mode name="tkp:tex-section" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:mode name="tkp:tex-block" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:mode name="tkp:tex" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <!-- ================================================================ escaping -->

  <!--
    Every character TeX would interpret is replaced by a command printing it:
    \ { } $ & # ^ _ % ~ (the ten specials). Control characters are dropped. The TeX
    ligatures (double hyphens, backquotes) are switched off in the font setup (Ligatures=TeXOff), so hyphens and
    quotes print as written; a kern between consecutive full stops stops the font's
    own ellipsis ligature. Whitespace runs become one space (a blank line would end
    the paragraph).
  -->
  <xsl:function name="tk:latex-escape" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:variable name="clean" select="replace(tkp:space(string($s)), '\p{Cc}', '')"/>
    <!-- fast path: most text nodes hold no special character at all -->
    <xsl:variable name="special" select="translate($clean, '\{}$&amp;#^_%~&#xFDD0;', '') ne $clean"/>
    <!-- backslash first, through a placeholder (U+FDD0, a noncharacter), so that the
         braces of \textbackslash{} are not escaped again -->
    <xsl:variable name="t" select="
      if (not($special)) then $clean
      else replace(replace(replace(replace(replace(replace(
             $clean, '&#xFDD0;', ''), '\\', '&#xFDD0;'),
             '[{}$&amp;#_%]', '\\$0'),
             '\^', '\\textasciicircum{}'), '~', '\\textasciitilde{}'),
             '&#xFDD0;', '\\textbackslash{}')"/>
    <!-- a kern between full stops keeps the font from turning "..." into one ellipsis glyph -->
    <xsl:sequence select="if (contains($t, '..')) then replace(replace($t, '\.\.', '.\\kern0pt{}.'), '\.\.', '.\\kern0pt{}.') else $t"/>
  </xsl:function>

  <!-- escaped text, made safe as an optional argument [..] too -->
  <xsl:function name="tkp:opt" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="'{' || tk:latex-escape($s) || '}'"/>
  </xsl:function>

  <!-- ================================================================ document -->

  <xsl:template match="/">
    <xsl:variable name="tei" select="(TEI, teiCorpus/TEI)[1]"/>
    <xsl:variable name="title" select="tk:title(.)"/>
    <xsl:text>% Generated by teikit from TEI; do not edit. Compile with xelatex or lualatex
% (three runs and makeindex, or: python -m toolkit.formats.print --pdf-engine latex).
\documentclass[10pt,twoside,openany]{{book}}
</xsl:text>
    <xsl:value-of select="tkp:preamble($title)"/>
    <xsl:text>\begin{{document}}
\frontmatter
</xsl:text>
    <xsl:call-template name="tkp:title-page">
      <xsl:with-param name="tei" select="$tei"/>
    </xsl:call-template>
    <xsl:if test="$tei/text//div/head">
      <xsl:text>\tableofcontents&#10;</xsl:text>
    </xsl:if>
    <xsl:text>\mainmatter&#10;\markboth{{{tk:latex-escape(tkp:short($title))}}}{{{tk:latex-escape(tkp:short($title))}}}&#10;</xsl:text>
    <xsl:apply-templates select="$tei/text/(front, body, back)" mode="tkp:tex-section"/>
    <xsl:if test="exists($tkp:persons-used)">
      <xsl:text>\printindex[persons]
</xsl:text>
    </xsl:if>
    <xsl:text>\end{{document}}
</xsl:text>
  </xsl:template>

  <xsl:function name="tkp:preamble" as="xs:string">
    <xsl:param name="title" as="xs:string"/>
    <xsl:variable name="geometry" select="
      if ($paper = 'a4') then 'a4paper,inner=30mm,outer=40mm,top=25mm,bottom=30mm'
      else 'a5paper,inner=17mm,outer=22mm,top=18mm,bottom=22mm'"/>
    <xsl:sequence select="string-join((
      '\usepackage[' || $geometry || ']{geometry}',
      '\usepackage{fontspec}',
      '% Latin and Cyrillic: Linux Libertine O (fonts-linuxlibertine), else DejaVu Serif',
      '% (fonts-dejavu-core), else FreeSerif, else the TeX default.',
      '\IfFontExistsTF{Linux Libertine O}{\setmainfont{Linux Libertine O}[Ligatures=TeXOff]}',
      '  {\IfFontExistsTF{DejaVu Serif}{\setmainfont{DejaVu Serif}[Ligatures=TeXOff]}',
      '  {\IfFontExistsTF{FreeSerif}{\setmainfont{FreeSerif}[Ligatures=TeXOff]}{}}}',
      '\usepackage[noautomatic]{imakeidx}',
      '\makeindex[name=persons,title={' || tk:latex-escape(tk:label('persons')) || '},columns=2,intoc]',
      '\usepackage[series={A,B},noeledsec]{reledmac}',
      '\Xarrangement[A]{paragraph}',
      '\Xarrangement[B]{paragraph}',
      '\Xnumberonlyfirstinline[A]\Xnumberonlyfirstinline[B]',
      '\Xsymlinenum[A]{\,\textbar\,}\Xsymlinenum[B]{\,\textbar\,}',
      '\Xafternote[A]{1.2em plus .4em minus .2em}\Xafternote[B]{1.2em plus .4em minus .2em}',
      '\Xlemmaseparator[A]{]}\Xlemmaseparator[B]{]}',
      '\arrangementX[A]{normal}',
      '\renewcommand*{\endashchar}{\textnormal{–}}',
      '\lineation{page}',
      '\linenummargin{outer}',
      '\firstlinenum{' || $line-number-step || '}\linenumincrement{' || $line-number-step || '}',
      '\setcounter{secnumdepth}{-2}\setcounter{tocdepth}{1}',
      '\usepackage{fancyhdr}',
      '\pagestyle{fancy}\fancyhf{}',
      '\renewcommand{\headrulewidth}{0pt}',
      '\fancyhead[LE,RO]{\small\thepage}',
      '\fancyhead[CE]{\small\itshape ' || tk:latex-escape(tkp:short($title)) || '}',
      '\fancyhead[CO]{\small\itshape\leftmark}',
      '\renewcommand{\chaptermark}[1]{\markboth{#1}{#1}}',
      '\renewcommand{\sectionmark}[1]{}',
      '\fancypagestyle{plain}{\fancyhf{}\fancyfoot[C]{\small\thepage}}',
      '\newcommand{\tkpb}[1]{\ledinnernote{\footnotesize[#1]}}',
      '\newcommand{\tksource}[1]{\textit{#1}}',
      '% an apparatus entry inside a footnote (not keyed to a line): after its reading',
      '\newcommand{\tkinnote}[2]{#1\,{\scriptsize‹#2›}}',
      '\newcommand{\tkendnote}[2]{\textbf{#1.}\enspace #2}',
      '\raggedbottom',
      '\sloppy',
      ''), '&#10;')"/>
  </xsl:function>

  <xsl:template name="tkp:title-page">
    <xsl:param name="tei" as="element()?"/>
    <xsl:variable name="fd" select="$tei/teiHeader/fileDesc"/>
    <xsl:text>\begin{{titlepage}}\centering
\vspace*{{2cm}}
{{\LARGE {tk:latex-escape(tk:title(root($tei)))}\par}}
</xsl:text>
    <xsl:for-each select="$fd/titleStmt/title[@type = 'sub']">
      <xsl:text>\vspace{{0.5cm}}{{\large {tk:latex-escape(normalize-space(.))}\par}}
</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="$fd/titleStmt/author">
      <xsl:text>\vspace{{1cm}}{{\large {tk:latex-escape(normalize-space(.))}\par}}
</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="$fd/titleStmt/respStmt[name | persName | orgName]">
      <xsl:text>\vspace{{0.3cm}}{{{tk:latex-escape(normalize-space(resp))} {tk:latex-escape(string-join((name | persName | orgName)!normalize-space(), ', '))}\par}}
</xsl:text>
    </xsl:for-each>
    <xsl:text>\vfill
</xsl:text>
    <xsl:for-each select="$fd/sourceDesc/bibl[1]">
      <xsl:text>{{\small {tk:latex-escape(tk:plain(.))}\par}}
</xsl:text>
    </xsl:for-each>
    <xsl:for-each select="$fd/publicationStmt">
      <xsl:text>\vspace{{0.3cm}}{{\small {tk:latex-escape(string-join((publisher, date)!normalize-space()[.], ', '))}\par}}
</xsl:text>
      <xsl:for-each select="availability">
        <xsl:text>{{\footnotesize {tk:latex-escape(tk:plain(.))}\par}}
</xsl:text>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:text>\end{{titlepage}}
</xsl:text>
  </xsl:template>

  <!-- ================================================================ sections -->

  <!-- containers whose heads are sectioning commands; their runs of non-div content
       each become one numbered section -->
  <xsl:template match="front | body | back | div" mode="tkp:tex-section">
    <xsl:variable name="depth" select="count(ancestor::div) + 1"/>
    <xsl:choose>
      <xsl:when test="self::div[@type = 'notes'] and $notes-as = 'footnotes'
                      and empty(tkp:notes-left(.))"/>
      <xsl:otherwise>
        <xsl:if test="self::div">
          <xsl:variable name="head" select="head[1]"/>
          <xsl:variable name="plain" select="
            if ($head) then tk:plain($head)
            else if (@type = 'notes') then tk:label('notes') else ''"/>
          <xsl:if test="$plain">
            <xsl:variable name="cmd" select="('chapter', 'section', 'subsection')[$depth]"/>
            <xsl:variable name="cmd" select="($cmd, 'subsubsection')[1]"/>
            <xsl:text>&#10;\{$cmd}[{tk:latex-escape(tkp:short($plain))}]{{</xsl:text>
            <xsl:choose>
              <xsl:when test="$head">
                <xsl:apply-templates select="$head/node()" mode="tkp:tex">
                  <xsl:with-param name="tkp:numbered" select="false()" tunnel="yes"/>
                </xsl:apply-templates>
              </xsl:when>
              <xsl:otherwise>{tk:latex-escape($plain)}</xsl:otherwise>
            </xsl:choose>
            <xsl:text>}}&#10;</xsl:text>
          </xsl:if>
        </xsl:if>
        <xsl:for-each-group select="node() except head[1][parent::div]" group-adjacent="tkp:is-section(.)">
          <xsl:choose>
            <xsl:when test="current-grouping-key()">
              <xsl:apply-templates select="current-group()" mode="tkp:tex-section"/>
            </xsl:when>
            <xsl:when test="tkp:significant(current-group())">
              <xsl:text>\beginnumbering&#10;</xsl:text>
              <xsl:call-template name="tkp:blocks">
                <xsl:with-param name="nodes" select="current-group()"/>
              </xsl:call-template>
              <xsl:text>\endnumbering&#10;</xsl:text>
            </xsl:when>
          </xsl:choose>
        </xsl:for-each-group>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ blocks -->

  <!-- A mixed sequence of blocks and inline content: each run of inline content is one
       numbered paragraph; blocks render themselves. -->
  <xsl:template name="tkp:blocks">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:param name="pstart" as="xs:string" select="'\pstart\relax '"/>
    <xsl:for-each-group select="$nodes" group-adjacent="tkp:is-block(.)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:apply-templates select="current-group()" mode="tkp:tex-block">
            <xsl:with-param name="pstart" select="$pstart" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:when>
        <xsl:when test="tkp:significant(current-group())">
          <xsl:value-of select="$pstart"/>
          <xsl:apply-templates select="current-group()" mode="tkp:tex"/>
          <xsl:text>\pend&#10;</xsl:text>
        </xsl:when>
        <xsl:otherwise>
          <!-- page breaks between paragraphs are kept as margin marks of the next one -->
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template match="p | ab | head | salute | signed | dateline | byline | docAuthor | trailer
                       | l | bibl | item | label | argument | postscript | row
                       | titlePart | docImprint | docEdition | docDate | person" mode="tkp:tex-block">
    <xsl:param name="pstart" as="xs:string" tunnel="yes" select="'\pstart\relax '"/>
    <xsl:variable name="pre" as="xs:string*">
      <xsl:apply-templates select="tkp:pending-breaks(.)" mode="tkp:tex"/>
    </xsl:variable>
    <xsl:variable name="style" select="
      if (self::head) then '\textbf{'
      else if (self::dateline or self::signed or self::byline) then '\hfill{'
      else if (self::label) then '\textbf{'
      else ''"/>
    <xsl:choose>
      <xsl:when test="not(self::row) and (some $c in * satisfies tkp:is-block($c))">
        <!-- a block inside a paragraph (a quotation, a list, a figure): split around it -->
        <xsl:call-template name="tkp:blocks">
          <xsl:with-param name="nodes" select="node()"/>
          <xsl:with-param name="pstart" select="$pstart"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="tkp:significant(node())">
        <xsl:value-of select="$pstart"/>
        <xsl:value-of select="$pre" separator=""/>
        <xsl:if test="self::item and not(preceding-sibling::*[1][self::label])">
          <xsl:text>\textbullet\enspace </xsl:text>
        </xsl:if>
        <xsl:value-of select="$style"/>
        <xsl:choose>
          <xsl:when test="self::row">
            <xsl:for-each select="cell">
              <xsl:if test="position() gt 1"> \textbar{{}} </xsl:if>
              <xsl:apply-templates mode="tkp:tex"/>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates mode="tkp:tex"/>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$style">}}</xsl:if>
        <xsl:text>\pend&#10;</xsl:text>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- indented blocks: quotations, verse, letters, epigraphs, lists -->
  <xsl:template match="quote | cit | epigraph | lg | list | floatingText | opener | closer | table
                       | div[ancestor::floatingText or ancestor::quote or ancestor::note]
                       | body[parent::floatingText] | listBibl | sp | titlePage | docTitle | listPerson"
                mode="tkp:tex-block">
    <xsl:param name="pstart" as="xs:string" tunnel="yes" select="'\pstart\relax '"/>
    <!-- indentation and size are set inside the paragraph: reledmac resets paragraph
         parameters at \pstart, and builds each numbered paragraph in a box of its own -->
    <xsl:variable name="indent" select="
      if (self::quote or self::cit or self::epigraph or self::lg or self::list or self::floatingText)
      then '\pstart\relax\leftskip=' || (if (self::epigraph) then '6em' else '1.5em') || '\rightskip=1.5em'
           || (if (self::quote or self::cit or self::epigraph) then '\small' else '') || '\relax '
      else $pstart"/>
    <xsl:call-template name="tkp:blocks">
      <xsl:with-param name="nodes" select="node()"/>
      <xsl:with-param name="pstart" select="$indent"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="figure" mode="tkp:tex-block">
    <xsl:param name="pstart" as="xs:string" tunnel="yes" select="'\pstart\relax '"/>
    <xsl:if test="head or figDesc">
      <xsl:value-of select="$pstart"/>
      <xsl:text>\textit{{</xsl:text>
      <xsl:apply-templates select="head/node()" mode="tkp:tex"/>
      <xsl:if test="head and figDesc"> — </xsl:if>
      <xsl:apply-templates select="figDesc/node()" mode="tkp:tex"/>
      <xsl:text>}}\pend&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- a note at block level: in the notes list of a chapter, or standing between paragraphs -->
  <xsl:template match="note" mode="tkp:tex-block">
    <xsl:param name="pstart" as="xs:string" tunnel="yes" select="'\pstart\relax '"/>
    <xsl:choose>
      <xsl:when test="tkp:note-skipped(.)"/>
      <xsl:when test="ancestor::div[@type = 'notes']">
        <xsl:value-of select="$pstart"/>
        <xsl:text>\tkendnote{{{tk:latex-escape(tk:note-number(.))}}}{{</xsl:text>
        <xsl:call-template name="tkp:note-body"/>
        <xsl:text>}}\pend&#10;</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$pstart"/>
        <xsl:apply-templates select="." mode="tkp:tex"/>
        <xsl:text>\pend&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="pb | cb | fw | milestone | lb | anchor | listWit | witDetail | comment() | processing-instruction()"
                mode="tkp:tex-block"/>

  <xsl:template match="text()" mode="tkp:tex-block">
    <xsl:param name="pstart" as="xs:string" tunnel="yes" select="'\pstart\relax '"/>
    <xsl:if test="normalize-space()">
      <xsl:value-of select="$pstart"/>
      <xsl:apply-templates select="." mode="tkp:tex"/>
      <xsl:text>\pend&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- ================================================================ inline -->

  <xsl:template match="text()" mode="tkp:tex">
    <xsl:value-of select="tk:latex-escape(tkp:text(.))"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="tkp:tex"/>

  <xsl:template match="hi | emph | title | foreign | term | mentioned | soCalled | distinct | gloss | speaker"
                mode="tkp:tex">
    <xsl:variable name="s" select="tkp:style(.)"/>
    <xsl:value-of select="map{
      'italic': '\textit{', 'bold': '\textbf{', 'sup': '\textsuperscript{', 'sub': '\textsubscript{',
      'smallcaps': '\textsc{', 'underline': '\underline{', 'quoted': '‘', 'plain': ''}($s)"/>
    <xsl:apply-templates mode="tkp:tex"/>
    <xsl:value-of select="map{'quoted': '’', 'plain': ''}($s)"/>
    <xsl:if test="not($s = ('quoted', 'plain'))">}}</xsl:if>
  </xsl:template>

  <xsl:template match="persName | rs[@ref] | name[@ref]" mode="tkp:tex">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:apply-templates mode="tkp:tex"/>
    <xsl:variable name="entry" select="tkp:person(.)"/>
    <xsl:if test="$tkp:numbered and exists($entry)">
      <xsl:text>\index[persons]{{{tkp:index-key($entry?sort)}@{tkp:index-key($entry?name)}}}</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- makeindex specials ! @ | " are quoted with " -->
  <xsl:function name="tkp:index-key" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace(tk:latex-escape($s), '([!@|&quot;])', '&quot;$1')"/>
  </xsl:function>

  <!-- emendations: the reading in the text, the source in series B -->
  <xsl:template match="choice" mode="tkp:tex">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="tkp:in-footnote" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="reading" select="tk:reading-child(.)"/>
    <xsl:variable name="source" select="tk:diplomatic-child(.)"/>
    <xsl:choose>
      <xsl:when test="$tkp:numbered and exists($source) and not($source is $reading)">
        <!-- in a footnote reledmac cannot key an entry to a line: the entry follows the reading -->
        <xsl:text>{if ($tkp:in-footnote) then '\tkinnote' else '\edtext'}{{</xsl:text>
        <xsl:apply-templates select="$reading/node()" mode="tkp:tex"/>
        <xsl:text>}}{{{if ($tkp:in-footnote) then '' else tkp:lemma($reading)}{if ($tkp:in-footnote) then '' else '\Bfootnote'}{{</xsl:text>
        <xsl:call-template name="tkp:reading-or-om">
          <xsl:with-param name="el" select="$source"/>
          <xsl:with-param name="view" select="'diplomatic'"/>
        </xsl:call-template>
        <xsl:text> \tksource{{{tk:latex-escape(tkp:siglum(.))}}}{tkp:emendation-note($reading)}}}}}</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$reading/node()" mode="tkp:tex"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "(ocr, cert. low)" after an emendation: its type and a doubtful certainty -->
  <xsl:function name="tkp:emendation-note" as="xs:string">
    <xsl:param name="el" as="element()?"/>
    <xsl:variable name="bits" select="(string($el/@type)[.], ('cert. ' || $el/@cert)[$el/@cert = ('low', 'medium', 'unknown')])"/>
    <xsl:sequence select="if (exists($bits)) then ' (' || tk:latex-escape(string-join($bits, ', ')) || ')' else ''"/>
  </xsl:function>

  <!-- variants: the base reading in the text, every other reading in series A -->
  <xsl:template match="app" mode="tkp:tex">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="tkp:in-footnote" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="base" select="tk:app-base(.)"/>
    <xsl:variable name="others" select="(lem | rdg | rdgGrp/lem | rdgGrp/rdg) except $base"/>
    <xsl:choose>
      <xsl:when test="$tkp:numbered and exists($others)">
        <xsl:text>{if ($tkp:in-footnote) then '\tkinnote' else '\edtext'}{{</xsl:text>
        <xsl:apply-templates select="$base/node()" mode="tkp:tex"/>
        <xsl:text>}}{{{if ($tkp:in-footnote) then '' else tkp:lemma($base)}{if ($tkp:in-footnote) then '' else '\Afootnote'}{{</xsl:text>
        <xsl:for-each select="$others">
          <xsl:if test="position() gt 1">; </xsl:if>
          <xsl:call-template name="tkp:reading-or-om">
            <xsl:with-param name="el" select="."/>
          </xsl:call-template>
          <xsl:variable name="wits" select="tkp:sigla(.)"/>
          <xsl:if test="exists($wits)"> \tksource{{{tk:latex-escape(string-join($wits, ' '))}}}</xsl:if>
        </xsl:for-each>
        <xsl:text>}}}}</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$base/node()" mode="tkp:tex"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- \lemma{…}: the lemma's sigla, and "first … last" for a long lemma -->
  <xsl:function name="tkp:lemma" as="xs:string">
    <xsl:param name="el" as="element()?"/>
    <xsl:variable name="text" select="tk:plain($el)"/>
    <xsl:variable name="short" select="tkp:abbreviate-lemma($text, $lemma-max-words)"/>
    <xsl:variable name="wits" select="if ($el/self::lem) then tkp:sigla($el) else ()"/>
    <xsl:variable name="lemma" select="
      (if ($text = '') then '\textit{' || tk:latex-escape(tk:label('omitted')) || '}'
       else tk:latex-escape($short))
      || (if (exists($wits)) then ' \tksource{' || tk:latex-escape(string-join($wits, ' ')) || '}' else '')"/>
    <xsl:sequence select="'\lemma{' || $lemma || '}'"/>
  </xsl:function>

  <xsl:template name="tkp:reading-or-om">
    <xsl:param name="el" as="element()?"/>
    <xsl:param name="view" as="xs:string" select="'reading'"/>
    <xsl:choose>
      <xsl:when test="tk:plain($el, $view) = ''">\textit{{{tk:latex-escape(tk:label('omitted'))}}}</xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$el/node()" mode="tkp:tex">
          <xsl:with-param name="tkp:numbered" select="false()" tunnel="yes"/>
          <xsl:with-param name="tkp:view" select="$view" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="supplied | unclear | add" mode="tkp:tex">
    <xsl:variable name="b" select="tk:brackets(.)"/>
    <xsl:value-of select="tk:latex-escape($b[1])"/>
    <xsl:apply-templates mode="tkp:tex"/>
    <xsl:value-of select="tk:latex-escape($b[2])"/>
  </xsl:template>

  <!-- a gap: its mark in the text, its description in series B -->
  <xsl:template match="gap" mode="tkp:tex">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="tkp:in-footnote" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="b" select="tk:brackets(.)"/>
    <xsl:variable name="mark" select="tk:latex-escape($b[1] || tk:gap-text(.) || $b[2])"/>
    <xsl:choose>
      <xsl:when test="$tkp:numbered and $tkp:in-footnote">\tkinnote{{{$mark}}}{{{tk:latex-escape(tk:gap-description(.))}}}</xsl:when>
      <xsl:when test="$tkp:numbered">\edtext{{{$mark}}}{{\Bfootnote{{{tk:latex-escape(tk:gap-description(.))}}}}}</xsl:when>
      <xsl:otherwise>{$mark}</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- source text left out of the reading (surplus, del): only in series B; in the
       diplomatic view of a reading (an apparatus entry) it is printed -->
  <xsl:template match="surplus | del" mode="tkp:tex">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="tkp:in-footnote" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:param name="tkp:view" as="xs:string" tunnel="yes" select="'reading'"/>
    <xsl:choose>
      <xsl:when test="$tkp:view = 'diplomatic'">
        <xsl:apply-templates mode="tkp:tex"/>
      </xsl:when>
      <xsl:when test="$tkp:numbered">
        <xsl:text>{if ($tkp:in-footnote) then '\tkinnote{}{{' else '\edtext{}{\lemma{\textit{' || tk:latex-escape(tk:label('omitted')) || '}}\Bfootnote{'}</xsl:text>
        <xsl:value-of select="tk:latex-escape(tk:brackets(.)[1])"/>
        <xsl:apply-templates mode="tkp:tex">
          <xsl:with-param name="tkp:numbered" select="false()" tunnel="yes"/>
          <xsl:with-param name="tkp:view" select="'diplomatic'" tunnel="yes"/>
        </xsl:apply-templates>
        <xsl:value-of select="tk:latex-escape(tk:brackets(.)[2])"/>
        <xsl:text> \tksource{{{tk:latex-escape(tkp:siglum(.))}}}}}}}</xsl:text>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="lb" mode="tkp:tex">
    <xsl:param name="tkp:view" as="xs:string" tunnel="yes" select="'reading'"/>
    <xsl:choose>
      <xsl:when test="$tkp:view = 'diplomatic'">{tk:latex-escape(tk:lb-hyphen(.))}\textbar{{}}</xsl:when>
      <xsl:when test="@break = 'no'"/>
      <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- source page numbers in the margin -->
  <xsl:template match="pb" mode="tkp:tex">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="tkp:in-footnote" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="$tkp:numbered and not($tkp:in-footnote) and normalize-space(@n)">\tkpb{{{tk:latex-escape(normalize-space(@n))}}}</xsl:if>
  </xsl:template>

  <xsl:template match="fw | cb | milestone | anchor | figDesc | witDetail | listWit | graphic" mode="tkp:tex"/>

  <!-- phrase-level elements without a typographic rendering of their own: their text -->
  <xsl:template match="s | seg | w | c | pc | num | measure | date | time | name | orgName | placeName | geogName
                       | rs | roleName | forename | surname | addName | author | editor | pubPlace | publisher
                       | idno | q | said | quote | cit | bibl | abbr | expan | orig | reg | sic | corr | lem | rdg
                       | affiliation | occupation | docAuthor | byline" mode="tkp:tex">
    <xsl:apply-templates mode="tkp:tex"/>
  </xsl:template>

  <xsl:template match="space" mode="tkp:tex">
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- note calls and notes -->
  <xsl:template match="ref[@type = 'noteref'] | ptr[@type = 'noteref']" mode="tkp:tex">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:variable name="note" select="tk:call-note(.)"/>
    <xsl:choose>
      <xsl:when test="empty($note)">\textsuperscript{{{tk:latex-escape(tk:plain(node()))}}}</xsl:when>
      <xsl:when test="not($tkp:numbered)"/>
      <xsl:when test="tkp:as-endnote($note)">\textsuperscript{{{tk:latex-escape(tk:note-number($note))}}}</xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="$note" mode="tkp:tex">
          <xsl:with-param name="tkp:from-call" select="true()" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="note" mode="tkp:tex">
    <xsl:param name="tkp:numbered" as="xs:boolean" tunnel="yes" select="true()"/>
    <xsl:param name="tkp:from-call" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="tk:note-place(.) = 'inline'">
        <xsl:apply-templates mode="tkp:tex"/>
      </xsl:when>
      <xsl:when test="parent::app or not($tkp:numbered)"/>
      <xsl:when test="not($tkp:from-call) and exists(tk:note-call(.))"/>
      <xsl:otherwise>
        <xsl:text>\footnoteA[{tkp:opt(tk:note-number(.))}]{{</xsl:text>
        <xsl:call-template name="tkp:note-body">
          <xsl:with-param name="tkp:in-footnote" select="true()" tunnel="yes"/>
        </xsl:call-template>
        <xsl:text>}}</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a note's content; its paragraphs separated by \endgraf -->
  <xsl:template name="tkp:note-body">
    <xsl:choose>
      <xsl:when test="p | ab | quote[p] | list | lg">
        <xsl:for-each select="*[not(self::label[1])] | text()[normalize-space()]">
          <xsl:if test="position() gt 1">\endgraf </xsl:if>
          <xsl:choose>
            <xsl:when test="self::text()"><xsl:apply-templates select="." mode="tkp:tex"/></xsl:when>
            <xsl:when test="self::list or self::lg">
              <xsl:for-each select="*">
                <xsl:if test="position() gt 1">\endgraf </xsl:if>
                <xsl:apply-templates mode="tkp:tex"/>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise><xsl:apply-templates mode="tkp:tex"/></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates mode="tkp:tex"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a link: its text (URLs in a printed reading text would be noise) -->
  <xsl:template match="ref | ptr" mode="tkp:tex" priority="-1">
    <xsl:apply-templates mode="tkp:tex"/>
  </xsl:template>

  <!-- blocks met in inline context (inside a heading or a note): their text, spaced -->
  <xsl:template match="p | ab | l | item | head | label | quote[p] | lg | list" mode="tkp:tex" priority="-1">
    <xsl:text> </xsl:text>
    <xsl:apply-templates mode="tkp:tex"/>
    <xsl:text> </xsl:text>
  </xsl:template>

</xsl:stylesheet>
