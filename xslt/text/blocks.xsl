<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit plaintext edition: block elements (mode tkp:block).  See text.xsl for the layout vocabulary. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="tkp:block" on-no-match="shallow-skip" on-multiple-match="fail" warning-on-no-match="false"/>

  <!-- Always blocks (by local name, so TEI P4 and other namespaces get a sensible layout too). -->
  <xsl:variable name="tkp:block-names" as="xs:string*" select="(
    'TEI', 'teiCorpus', 'text', 'front', 'body', 'back', 'group', 'div', 'div1', 'div2', 'div3', 'div4',
    'div5', 'div6', 'div7', 'p', 'ab', 'head', 'lg', 'l', 'list', 'item', 'table', 'row', 'sp', 'spGrp',
    'speaker', 'castList', 'castGroup', 'castItem', 'floatingText', 'opener', 'closer', 'epigraph', 'figure',
    'titlePage', 'docTitle', 'titlePart', 'byline', 'docAuthor', 'docDate', 'docImprint', 'argument',
    'trailer', 'listBibl', 'u', 'postscript', 'letter', 'teiHeader', 'listWit', 'listPerson', 'listPlace')"/>
  <!-- Blocks when they stand between blocks, inline inside a paragraph. -->
  <xsl:variable name="tkp:context-names" as="xs:string*" select="(
    'stage', 'salute', 'signed', 'dateline', 'bibl', 'cit', 'quote', 'q', 'label', 'note', 'address')"/>

  <xsl:function name="tkp:is-block" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="
      if (not($n instance of element())) then false()
      else if (local-name($n) = $tkp:block-names) then true()
      else if (local-name($n) = 'note') then false()
      else if (local-name($n) = $tkp:context-names) then
        (exists($n/parent::*[local-name() = $tkp:block-names][not(local-name() = ('p', 'ab', 'l', 'head', 'item'))])
         or exists($n/*[tkp:is-block(.)]))
      else exists($n/*[tkp:is-block(.)])"/>
  </xsl:function>

  <!-- The children of a container: blocks in turn, runs of inline content as paragraphs. -->
  <xsl:template name="tkp:children">
    <xsl:param name="kind" as="xs:string" select="'p'"/>
    <xsl:param name="group" as="xs:string" select="''"/>
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <xsl:for-each-group select="node()" group-adjacent="tkp:is-block(.)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:apply-templates select="current-group()" mode="tkp:block"/>
        </xsl:when>
        <xsl:when test="empty(current-group()[self::* or normalize-space()])"/>
        <xsl:otherwise>
          <tkp:block kind="{$kind}" indent="{$indent}">
            <xsl:if test="$group"><xsl:attribute name="group" select="$group"/></xsl:if>
            <xsl:apply-templates select="current-group()" mode="tkp:inline"/>
          </tkp:block>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <!-- Anything without a template of its own: a container if it holds blocks, else a paragraph. -->
  <xsl:template match="*" mode="tkp:block" priority="-1">
    <xsl:call-template name="tkp:children"/>
  </xsl:template>

  <!-- Never text: metadata and apparatus apparatus lists (any namespace, for P4 documents). -->
  <xsl:template match="*:teiHeader | facsimile | standOff | sourceDoc | listWit | witDetail | figDesc
                       | listPerson | listPlace | listOrg | *:fsdDecl" mode="tkp:block"/>

  <!-- documents -->
  <xsl:template match="TEI" mode="tkp:block">
    <xsl:variable name="t" select="teiHeader/fileDesc/titleStmt"/>
    <xsl:variable name="title" select="($t/title[@type = 'main'], $t/title[not(@type = 'sub')], $t/title)[1]"/>
    <tkp:block kind="title" indent="0">{if ($title) then tk:plain($title) else tk:title(.)}</tkp:block>
    <xsl:for-each select="$t/title[@type = 'sub']">
      <tkp:block kind="p" indent="0">{tk:plain(.)}</tkp:block>
    </xsl:for-each>
    <xsl:apply-templates select="text" mode="tkp:block"/>
  </xsl:template>

  <xsl:template match="teiCorpus" mode="tkp:block">
    <tkp:block kind="title" indent="0">{tk:plain(teiHeader/fileDesc/titleStmt/title[1])}</tkp:block>
    <xsl:apply-templates select="* except teiHeader" mode="tkp:block"/>
  </xsl:template>

  <xsl:template match="text | group" mode="tkp:block">
    <xsl:call-template name="tkp:children"/>
  </xsl:template>

  <!-- front, body, back: notes of the whole text that stand outside every chapter are listed at the end -->
  <xsl:template match="front | body | back" mode="tkp:block">
    <xsl:call-template name="tkp:children"/>
    <xsl:call-template name="tkp:chapter-notes"/>
  </xsl:template>

  <!-- divisions; a top-level division is a chapter: its notes follow it -->
  <xsl:template match="div | div1 | div2 | div3 | div4 | div5 | div6 | div7" mode="tkp:block">
    <xsl:call-template name="tkp:children"/>
    <xsl:if test="parent::body or parent::front or parent::back or parent::group">
      <xsl:call-template name="tkp:chapter-notes"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="div[@type = 'notes']" mode="tkp:block" priority="1">
    <xsl:call-template name="tkp:notes-division"/>
  </xsl:template>

  <xsl:template match="div/head | div1/head | div2/head | div3/head | div4/head | div5/head | div6/head
                       | div7/head | front/head | body/head | back/head" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <tkp:block kind="head" indent="{$indent}" level="{max((1, count(ancestor::*[matches(local-name(), '^div[1-7]?$')])))}">
      <xsl:apply-templates mode="tkp:inline"/>
    </tkp:block>
  </xsl:template>

  <!-- paragraphs (may hold blocks: lists, verse, quotations) -->
  <xsl:template match="p | ab | head | trailer | byline | docAuthor | docDate | docImprint | titlePart | argument/p"
                mode="tkp:block">
    <xsl:call-template name="tkp:children"/>
  </xsl:template>

  <!-- verse: one line each, no blank line between the lines of a group -->
  <xsl:template match="lg" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <xsl:for-each-group select="*" group-adjacent="exists(self::l)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:variable name="g" select="generate-id(current-group()[1])"/>
          <xsl:for-each select="current-group()">
            <tkp:block kind="line" indent="{$indent}" group="{$g}"><xsl:apply-templates mode="tkp:inline"/></tkp:block>
          </xsl:for-each>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="current-group()" mode="tkp:block"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template match="l" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <tkp:block kind="line" indent="{$indent}" group="{generate-id(..)}"><xsl:apply-templates mode="tkp:inline"/></tkp:block>
  </xsl:template>

  <!-- lists: a dash, a number or the glossary label before each item -->
  <xsl:template match="list" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <xsl:apply-templates select="head" mode="tkp:block"/>
    <xsl:variable name="numbered" select="@type = ('ordered', 'numbered') or @rend = ('numbered', 'ordered')"/>
    <xsl:variable name="g" select="generate-id()"/>
    <xsl:for-each select="item">
      <xsl:variable name="lab" select="preceding-sibling::*[1][self::label]"/>
      <tkp:block kind="item" indent="{$indent}" group="{$g}"
                 label="{if ($lab) then tk:plain($lab) || ' —' else if (@n) then @n || '.' else if ($numbered) then position() || '.' else '-'}">
        <xsl:apply-templates mode="tkp:inline"/>
      </tkp:block>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="item" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <tkp:block kind="item" indent="{$indent}" label="-"><xsl:apply-templates mode="tkp:inline"/></tkp:block>
  </xsl:template>

  <!-- block quotations, epigraphs, letters: indented -->
  <xsl:template match="quote | q | cit | epigraph | floatingText | postscript" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <xsl:call-template name="tkp:children">
      <xsl:with-param name="indent" select="$indent + 4" tunnel="yes"/>
    </xsl:call-template>
  </xsl:template>

  <!-- the parts of a letter: each on its own line -->
  <xsl:template match="opener | closer" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <xsl:variable name="g" select="generate-id()"/>
    <xsl:for-each-group select="node()" group-adjacent="exists(self::*[not(self::lb | self::pb | self::note)])">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:for-each select="current-group()">
            <tkp:block kind="line" indent="{$indent}" group="{$g}"><xsl:apply-templates mode="tkp:inline"/></tkp:block>
          </xsl:for-each>
        </xsl:when>
        <xsl:when test="empty(current-group()[self::* or normalize-space()])"/>
        <xsl:otherwise>
          <tkp:block kind="line" indent="{$indent}" group="{$g}">
            <xsl:apply-templates select="current-group()" mode="tkp:inline"/>
          </tkp:block>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template match="salute | signed | dateline | address | stage | bibl | label" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <tkp:block kind="p" indent="{$indent}"><xsl:apply-templates mode="tkp:inline"/></tkp:block>
  </xsl:template>

  <!-- figures: the caption in brackets; the description (figDesc) is not text of the source -->
  <xsl:template match="figure" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <tkp:block kind="p" indent="{$indent}">[Figure{if (head) then ': ' else ''}<xsl:apply-templates select="head/node()" mode="tkp:inline"/>]</tkp:block>
    <xsl:apply-templates select="* except (head | figDesc | graphic)" mode="tkp:block"/>
  </xsl:template>

  <!-- tables: one line per row, cells separated by a vertical bar -->
  <xsl:template match="table" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <xsl:apply-templates select="head" mode="tkp:block"/>
    <xsl:variable name="g" select="generate-id()"/>
    <xsl:for-each select="row">
      <tkp:block kind="line" indent="{$indent}" group="{$g}">
        <xsl:for-each select="cell">
          <xsl:if test="position() gt 1"> | </xsl:if>
          <xsl:apply-templates mode="tkp:inline"/>
        </xsl:for-each>
      </tkp:block>
    </xsl:for-each>
  </xsl:template>

  <!-- drama: the speaker on a line of its own, the speech indented -->
  <xsl:template match="sp" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <xsl:apply-templates select="speaker" mode="tkp:block"/>
    <xsl:for-each-group select="node() except speaker" group-adjacent="tkp:is-block(.)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:apply-templates select="current-group()" mode="tkp:block">
            <xsl:with-param name="indent" select="$indent + 2" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:when>
        <xsl:when test="empty(current-group()[self::* or normalize-space()])"/>
        <xsl:otherwise>
          <tkp:block kind="p" indent="{$indent + 2}"><xsl:apply-templates select="current-group()" mode="tkp:inline"/></tkp:block>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template match="speaker" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <tkp:block kind="line" indent="{$indent}"><xsl:apply-templates mode="tkp:inline"/></tkp:block>
  </xsl:template>

  <xsl:template match="castList" mode="tkp:block">
    <xsl:param name="indent" as="xs:integer" tunnel="yes"/>
    <xsl:apply-templates select="head" mode="tkp:block"/>
    <xsl:variable name="g" select="generate-id()"/>
    <xsl:for-each select=".//castItem">
      <tkp:block kind="item" indent="{$indent}" group="{$g}" label="-"><xsl:apply-templates mode="tkp:inline"/></tkp:block>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
