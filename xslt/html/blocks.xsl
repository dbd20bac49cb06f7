<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: block elements (mode tkh:html).  See render.xsl for the map of files. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- paragraphs of the running text get a permalink and a cite line, numbered per document -->
  <xsl:function name="tkh:citable" as="xs:boolean">
    <xsl:param name="p" as="element()"/>
    <!-- element tests joined by "or" (cheaper than unions of axis steps, which are sorted) -->
    <xsl:sequence select="exists($p/self::p) and ($p/parent::div or $p/parent::body or $p/parent::front or $p/parent::back)
                          and not($p/ancestor::note or $p/ancestor::teiHeader or $p/ancestor::floatingText)"/>
  </xsl:function>

  <!-- asked once, not per paragraph -->
  <xsl:variable name="tkh:cite-label" as="xs:string" select="tk:label('cite')"/>

  <!-- HTML's p holds phrasing content only; a TEI p holding a list, a block quotation, verse,
       a table, a figure or a letter becomes a div (keeping data-tei="p") -->
  <xsl:function name="tkh:p-element" as="xs:string">
    <xsl:param name="p" as="element()"/>
    <!-- one existence test per child name (a scan of the children each, no per-child predicate) -->
    <xsl:sequence select="if ($p/list or $p/table or $p/figure or $p/lg or $p/floatingText
                              or $p/quote[p or lg or l or list] or $p/cit[quote[p or lg]]
                              or $p/sp or $p/listBibl or $p/listPerson or $p/listWit)
                          then 'div' else 'p'"/>
  </xsl:function>

  <xsl:function name="tkh:hlevel" as="xs:integer">
    <xsl:param name="head" as="element()"/>
    <xsl:variable name="d" select="count($head/ancestor::div)"/>
    <xsl:sequence select="min((6, max((1, if (tkh:is-split($head)) then $d else $d + 1))))"/>
  </xsl:function>

  <xsl:template match="text | front | body | back | group" mode="tkh:html">
    <div>
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-' || local-name())"/>
      <xsl:apply-templates mode="tkh:html"/>
    </div>
  </xsl:template>

  <xsl:template match="div" mode="tkh:html">
    <section>
      <xsl:sequence select="tkh:attrs-id(.), tkh:class(('tk-div', @type!('tk-div-' || tkh:token(.))))"/>
      <xsl:if test="head">
        <xsl:attribute name="aria-labelledby" select="tkh:id(head[1])"/>
      </xsl:if>
      <xsl:apply-templates mode="tkh:html"/>
    </section>
  </xsl:template>

  <xsl:template match="div/head | body/head | front/head | back/head" mode="tkh:html">
    <xsl:element name="h{tkh:hlevel(.)}">
      <xsl:sequence select="tkh:attrs-id(.), tkh:class('tk-head')"/>
      <xsl:apply-templates mode="tkh:html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="head" mode="tkh:html" priority="-0.5">
    <p>
      <xsl:sequence select="tkh:attrs(.), tkh:class(('tk-head', 'tk-head-' || local-name(..)))"/>
      <xsl:apply-templates mode="tkh:html"/>
    </p>
  </xsl:template>

  <xsl:template match="figure/head" mode="tkh:html">
    <figcaption>
      <xsl:sequence select="tkh:attrs(.)"/>
      <xsl:apply-templates mode="tkh:html"/>
    </figcaption>
  </xsl:template>

  <xsl:template match="p | ab" mode="tkh:html">
    <!-- computed once per page by tkh:page-content (tkh:cite-prefix) -->
    <xsl:param name="tkh:cite-prefix" as="xs:string?" tunnel="yes" select="()"/>
    <xsl:param name="tkh:cite-suffix" as="xs:string?" tunnel="yes" select="()"/>
    <xsl:choose>
      <xsl:when test="tkh:citable(.)">
        <xsl:variable name="id" select="tkh:id(.)"/>
        <!-- the paragraph's number: level="any" numbering is remembered from one call to the
             next, so numbering the paragraphs in document order (as the pages do) costs a step
             back to the previous paragraph, not a walk of the document (an accumulator had to
             visit every node of the document) -->
        <xsl:variable name="n" as="xs:string"><xsl:number level="any" count="p[tkh:citable(.)]"/></xsl:variable>
        <xsl:variable name="el" select="tkh:p-element(.)"/>
        <div class="tk-par">
          <xsl:element name="{$el}">
            <xsl:attribute name="id" select="$id"/>
            <xsl:attribute name="data-tei" select="local-name()"/>
            <xsl:if test="$el = 'div'"><xsl:attribute name="class" select="'tk-p'"/></xsl:if>
            <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
            <xsl:apply-templates mode="tkh:html"/>
          </xsl:element>
          <p class="tk-par-tools">
            <a class="tk-permalink" href="#{$id}" aria-label="Permalink to paragraph {$n}">¶ {$n}</a>
            <xsl:text> </xsl:text>
            <span class="tk-cite"><span class="tk-cite-label">{$tkh:cite-label}: </span><span class="tk-cite-text">{if (exists($tkh:cite-prefix))
              then $tkh:cite-prefix || ', ¶ ' || $n || ', ' || $tkh:cite-suffix || '#' || $id else tkh:cite(., $n)}</span></span>
          </p>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="el" select="tkh:p-element(.)"/>
        <xsl:element name="{$el}">
          <xsl:sequence select="tkh:attrs(.)"/>
          <xsl:if test="$el = 'div'"><xsl:attribute name="class" select="'tk-p'"/></xsl:if>
          <xsl:apply-templates mode="tkh:html"/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Author, “Title”, Chapter" of the page a paragraph is on -->
  <xsl:function name="tkh:cite-prefix" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="ts" select="root($n)/*/teiHeader/fileDesc/titleStmt"/>
    <xsl:sequence select="string-join((
      string-join($ts/author!normalize-space()[.], '; ')[.],
      '“' || tk:title($n) || '”',
      tkh:unit-of($n)!tkh:unit-title(.)), ', ')"/>
  </xsl:function>

  <!-- "in Edition (date), URL of the page" (without the fragment) -->
  <xsl:function name="tkh:cite-suffix" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="'in ' || $edition-title || ($edition-date[.]!(' (' || . || ')')) || ', ' || $base-url || tkh:page($n) || '.html'"/>
  </xsl:function>

  <xsl:function name="tkh:cite" as="xs:string">
    <xsl:param name="p" as="element()"/>
    <xsl:param name="n" as="xs:string"/>
    <xsl:sequence select="tkh:cite-prefix($p) || ', ¶ ' || $n || ', ' || tkh:cite-suffix($p) || '#' || tkh:id($p)"/>
  </xsl:function>

  <xsl:template match="quote[p | lg | l | list] | quote[parent::div | parent::body | parent::epigraph | parent::cit[parent::div]]
                       | cit[parent::div | parent::body]" mode="tkh:html">
    <blockquote>
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-quote')"/>
      <xsl:apply-templates mode="tkh:html"/>
    </blockquote>
  </xsl:template>

  <xsl:template match="epigraph | argument | trailer | byline | docAuthor | docImprint | docDate | titlePage | docTitle | titlePart" mode="tkh:html">
    <div>
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-' || local-name())"/>
      <xsl:apply-templates mode="tkh:html"/>
    </div>
  </xsl:template>

  <xsl:template match="floatingText" mode="tkh:html">
    <div>
      <xsl:sequence select="tkh:attrs(.), tkh:class(('tk-floating', @type!('tk-' || tkh:token(.))))"/>
      <xsl:apply-templates mode="tkh:html"/>
    </div>
  </xsl:template>

  <xsl:template match="opener | closer | postscript" mode="tkh:html">
    <div>
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-' || local-name())"/>
      <xsl:apply-templates mode="tkh:html"/>
    </div>
  </xsl:template>

  <xsl:template match="salute | signed | dateline" mode="tkh:html">
    <xsl:element name="{if (parent::opener | parent::closer | parent::body | parent::div) then 'p' else 'span'}">
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-' || local-name())"/>
      <xsl:apply-templates mode="tkh:html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="lg" mode="tkh:html">
    <div>
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-lg')"/>
      <xsl:apply-templates mode="tkh:html"/>
    </div>
  </xsl:template>

  <xsl:template match="l" mode="tkh:html">
    <div>
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-l')"/>
      <xsl:apply-templates mode="tkh:html"/>
    </div>
  </xsl:template>

  <xsl:template match="list[label]" mode="tkh:html">
    <dl>
      <xsl:sequence select="tkh:attrs(.), tkh:class(('tk-list', @type!('tk-list-' || tkh:token(.))))"/>
      <xsl:apply-templates select="head" mode="tkh:html"/>
      <xsl:for-each select="label">
        <div>
          <dt><xsl:sequence select="tkh:attrs(.)"/><xsl:apply-templates mode="tkh:html"/></dt>
          <xsl:for-each select="following-sibling::*[1][self::item]">
            <dd><xsl:sequence select="tkh:attrs(.)"/><xsl:apply-templates mode="tkh:html"/></dd>
          </xsl:for-each>
        </div>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <xsl:template match="list" mode="tkh:html">
    <xsl:apply-templates select="head" mode="tkh:html"/>
    <xsl:element name="{if (@rend = ('numbered', 'ordered') or @type = 'ordered') then 'ol' else 'ul'}">
      <xsl:sequence select="tkh:attrs(.), tkh:class(('tk-list', @type!('tk-list-' || tkh:token(.))))"/>
      <xsl:apply-templates select="* except head" mode="tkh:html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="item" mode="tkh:html">
    <li>
      <xsl:sequence select="tkh:attrs(.)"/>
      <xsl:apply-templates mode="tkh:html"/>
    </li>
  </xsl:template>

  <xsl:template match="table" mode="tkh:html">
    <table>
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-table')"/>
      <xsl:for-each select="head[1]">
        <caption><xsl:apply-templates mode="tkh:html"/></caption>
      </xsl:for-each>
      <tbody>
        <xsl:apply-templates select="row" mode="tkh:html"/>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template match="row" mode="tkh:html">
    <tr><xsl:sequence select="tkh:attrs(.)"/><xsl:apply-templates select="cell" mode="tkh:html"/></tr>
  </xsl:template>

  <xsl:template match="cell" mode="tkh:html">
    <xsl:element name="{if (@role = 'label' or ../@role = 'label') then 'th' else 'td'}">
      <xsl:sequence select="tkh:attrs(.)"/>
      <xsl:if test="@cols castable as xs:integer"><xsl:attribute name="colspan" select="xs:integer(@cols)"/></xsl:if>
      <xsl:if test="@rows castable as xs:integer"><xsl:attribute name="rowspan" select="xs:integer(@rows)"/></xsl:if>
      <xsl:apply-templates mode="tkh:html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="figure" mode="tkh:html">
    <figure>
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-figure')"/>
      <xsl:apply-templates select="* except (head, figDesc)" mode="tkh:html"/>
      <xsl:apply-templates select="head" mode="tkh:html"/>
      <xsl:if test="figDesc and not(graphic)">
        <p class="tk-figdesc">{tk:plain(figDesc)}</p>
      </xsl:if>
    </figure>
  </xsl:template>

  <xsl:template match="figDesc" mode="tkh:html"/>

  <xsl:template match="listBibl | listPerson | listPlace | listOrg" mode="tkh:html">
    <ul>
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-' || local-name())"/>
      <xsl:for-each select="*">
        <li><xsl:apply-templates select="." mode="tkh:html"/></li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <xsl:template match="listWit" mode="tkh:html">
    <xsl:apply-templates select="head" mode="tkh:html"/>
    <dl>
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-listwit')"/>
      <xsl:for-each select="witness">
        <div>
          <dt><xsl:sequence select="tkh:attrs(.)"/>{(@n, @xml:id)[1]}</dt>
          <dd><xsl:apply-templates mode="tkh:html"/></dd>
        </div>
      </xsl:for-each>
    </dl>
    <xsl:apply-templates select="listWit" mode="tkh:html"/>
  </xsl:template>

  <xsl:template match="sp" mode="tkh:html">
    <div><xsl:sequence select="tkh:attrs(.), tkh:class('tk-sp')"/><xsl:apply-templates mode="tkh:html"/></div>
  </xsl:template>

  <xsl:template match="speaker | stage[parent::div | parent::sp | parent::body]" mode="tkh:html">
    <p><xsl:sequence select="tkh:attrs(.), tkh:class('tk-' || local-name())"/><xsl:apply-templates mode="tkh:html"/></p>
  </xsl:template>

</xsl:stylesheet>
