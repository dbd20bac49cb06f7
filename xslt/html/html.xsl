<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: entry stylesheet for ONE document.

     Input: a TEI document.  Principal output: the document page <doc-id>.html; for the
     books (two or more chapters) also one page per top-level division, <div-id>.html;
     and search/<doc-id>.tsv, the document's records for the offline search (made into
     search/<doc-id>.js by toolkit/formats/html.py).
     Parameters: params.xsl.  Where each element is rendered: render.xsl.
     Editorial policy: ../common/common.xsl. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="../common/common.xsl"/>
  <xsl:include href="params.xsl"/>
  <xsl:include href="pages.xsl"/>
  <xsl:include href="layout.xsl"/>
  <xsl:include href="header.xsl"/>
  <xsl:include href="render.xsl"/>
  <xsl:include href="search.xsl"/>

  <xsl:mode on-no-match="fail"/>

  <xsl:variable name="tkh:doc-ids" as="xs:string*" select="tokenize($documents)"/>
  <!-- the document rendered, indexed once (tkh:ordinals in pages.xsl, tkh:ref-persons in inline.xsl) -->
  <xsl:variable name="tkh:indexed-docs" as="document-node()*" select="/"/>

  <xsl:template match="/">
    <xsl:if test="not(TEI)">
      <xsl:message terminate="yes">not a TEI document: the root element is {name(*)}</xsl:message>
    </xsl:if>
    <xsl:apply-templates select="TEI" mode="tkh:document"/>
  </xsl:template>

  <xsl:mode name="tkh:document" on-no-match="fail" on-multiple-match="fail"/>

  <xsl:template match="TEI" mode="tkh:document">
    <xsl:variable name="doc" select="."/>
    <xsl:variable name="id" select="tk:doc-id(.)"/>
    <xsl:variable name="page" select="tkh:file-id($id)"/>
    <xsl:variable name="title" select="tk:title(.)"/>
    <xsl:variable name="units" select="tkh:units(.)"/>
    <xsl:variable name="wits" select="tkh:page-witnesses(.)"/>
    <xsl:variable name="pos" select="index-of($tkh:doc-ids, $id)[1]"/>
    <xsl:variable name="prev-doc" select="if ($pos gt 1) then $tkh:doc-ids[$pos - 1] else ()"/>
    <xsl:variable name="next-doc" select="if (exists($pos)) then $tkh:doc-ids[$pos + 1] else ()"/>

    <!-- the document page -->
    <xsl:call-template name="tkh:page">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="kind" select="'document'"/>
      <xsl:with-param name="views" select="empty($units)"/>
      <xsl:with-param name="witnesses" select="if (empty($units)) then $wits else ()"/>
      <xsl:with-param name="prev" select="$prev-doc!map{'href': tkh:file-id(.) || '.html', 'title': 'previous document'}"/>
      <xsl:with-param name="next" select="
        if (exists($units)) then map{'href': tkh:unit-id($units[1]) || '.html', 'title': tkh:unit-title($units[1])}
        else $next-doc!map{'href': tkh:file-id(.) || '.html', 'title': 'next document'}"/>
      <xsl:with-param name="subject" select="."/>
    </xsl:call-template>

    <!-- one page per chapter of a book -->
    <xsl:for-each select="$units">
      <xsl:variable name="i" select="position()"/>
      <xsl:result-document href="{tkh:unit-id(.)}.html">
        <xsl:call-template name="tkh:page">
          <xsl:with-param name="title" select="tkh:unit-title(.) || ' · ' || $title"/>
          <xsl:with-param name="kind" select="'chapter'"/>
          <xsl:with-param name="views" select="true()"/>
          <xsl:with-param name="witnesses" select="$wits"/>
          <xsl:with-param name="up" select="map{'href': $page || '.html', 'title': $title}"/>
          <xsl:with-param name="prev" select="
            if ($i gt 1) then map{'href': tkh:unit-id($units[$i - 1]) || '.html', 'title': tkh:unit-title($units[$i - 1])}
            else ()"/>
          <xsl:with-param name="next" select="
            if ($i lt count($units)) then map{'href': tkh:unit-id($units[$i + 1]) || '.html', 'title': tkh:unit-title($units[$i + 1])}
            else $next-doc!map{'href': tkh:file-id(.) || '.html', 'title': 'next document'}"/>
          <xsl:with-param name="subject" select="."/>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>

    <xsl:if test="$search">
      <xsl:result-document href="search/{$page}.tsv" method="text" encoding="UTF-8">
        <xsl:call-template name="tkh:search-records"/>
      </xsl:result-document>
    </xsl:if>
  </xsl:template>

  <xsl:mode name="tkh:page-content" on-no-match="fail" on-multiple-match="fail"/>

  <!-- the content of a document page -->
  <xsl:template match="TEI" mode="tkh:page-content">
    <xsl:variable name="id" select="tk:doc-id(.)"/>
    <xsl:variable name="title" select="tk:title(.)"/>
    <xsl:variable name="units" select="tkh:units(.)"/>
    <article class="tk-doc" id="{$id}" data-tei="TEI">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <header class="tk-doc-head">
        <h1>{$title}</h1>
        <xsl:variable name="sub" select="teiHeader/fileDesc/titleStmt/title[@type = 'sub']"/>
        <xsl:if test="$sub"><p class="tk-subtitle">{tk:plain($sub)}</p></xsl:if>
        <xsl:if test="tkh:authors(.)"><p class="tk-doc-author">{tkh:authors(.)}</p></xsl:if>
        <xsl:call-template name="tkh:doc-links"/>
      </header>
      <xsl:call-template name="tkh:toc"/>
      <xsl:choose>
        <xsl:when test="exists($units)">
          <!-- what stands outside the chapters (title page, loose heads) -->
          <xsl:variable name="rest" select="text/(front | body | back)/(node() except child::div)[normalize-space() or self::*]"/>
          <xsl:if test="$rest">
            <div class="tk-text">
              <xsl:apply-templates select="$rest" mode="tkh:html"/>
            </div>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise>
          <div class="tk-text">
            <xsl:apply-templates select="text" mode="tkh:html">
              <xsl:with-param name="tkh:cite-prefix" select="tkh:cite-prefix(.)" tunnel="yes"/>
              <xsl:with-param name="tkh:cite-suffix" select="tkh:cite-suffix(.)" tunnel="yes"/>
            </xsl:apply-templates>
          </div>
          <xsl:call-template name="tkh:page-notes">
            <xsl:with-param name="scope" select="text"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="tkh:about">
        <xsl:with-param name="header" select="teiHeader"/>
      </xsl:call-template>
    </article>
  </xsl:template>

  <!-- the content of a chapter page -->
  <xsl:template match="div" mode="tkh:page-content">
    <xsl:variable name="doc" select="root(.)/TEI"/>
    <xsl:variable name="id" select="tk:doc-id(.)"/>
    <xsl:variable name="page" select="tkh:file-id($id)"/>
    <xsl:variable name="title" select="tk:title(.)"/>
    <article class="tk-doc tk-unit" data-doc="{$id}">
      <xsl:if test="$doc/@xml:lang"><xsl:attribute name="lang" select="$doc/@xml:lang"/></xsl:if>
      <p class="tk-doc-title"><a href="{$page}.html">{$title}</a></p>
      <xsl:if test="not(head)"><h1>{tkh:unit-title(.)}</h1></xsl:if>
      <div class="tk-text">
        <xsl:apply-templates select="." mode="tkh:html">
          <xsl:with-param name="tkh:cite-prefix" select="tkh:cite-prefix(.)" tunnel="yes"/>
          <xsl:with-param name="tkh:cite-suffix" select="tkh:cite-suffix(.)" tunnel="yes"/>
        </xsl:apply-templates>
      </div>
      <xsl:call-template name="tkh:page-notes">
        <xsl:with-param name="scope" select="."/>
      </xsl:call-template>
    </article>
  </xsl:template>

  <!-- the witnesses of the page's apparatus: the listWit, else the sigla used -->
  <xsl:function name="tkh:page-witnesses" as="map(*)*">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="declared" select="tk:witnesses($doc)"/>
    <xsl:sequence select="
      if (empty($doc/text//app)) then ()
      else if (exists($declared)) then $declared
      else for $w in distinct-values($doc/text//app//(lem | rdg)!tk:wit-tokens(.)) return map{'id': $w, 'siglum': $w, 'label': $w}"/>
  </xsl:function>

  <xsl:template name="tkh:doc-links">
    <p class="tk-doc-links">
      <xsl:if test="$tei-href">
        <a class="tk-download" href="{$tei-href}" download="">{tk:label('download')}</a>
        <xsl:text> · </xsl:text>
      </xsl:if>
      <a href="#tk-about-h">About this text</a>
    </p>
  </xsl:template>

  <!-- table of contents: the chapters of a book, or the sections of a document -->
  <xsl:template name="tkh:toc">
    <xsl:variable name="units" select="tkh:units(.)"/>
    <xsl:variable name="divs" select="if (exists($units)) then $units
                                      else text/(front | body | back)/div[head]"/>
    <xsl:if test="count($divs) ge 2 or exists($units)">
      <nav class="tk-toc" aria-labelledby="tk-toc-h">
        <h2 id="tk-toc-h">{tk:label('contents')}</h2>
        <ol>
          <xsl:for-each select="$divs">
            <li>
              <a href="{if (exists($units)) then tkh:unit-id(.) || '.html' else '#' || tkh:id(.)}">{tkh:unit-title(.)}</a>
              <xsl:if test="exists($units) and child::div[head][not(@type = 'notes')]">
                <ol>
                  <xsl:for-each select="child::div[head][not(@type = 'notes')]">
                    <li><a href="{tkh:href(.)}">{tkh:unit-title(.)}</a></li>
                  </xsl:for-each>
                </ol>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </nav>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
