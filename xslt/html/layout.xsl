<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: the page shell (head, site header, toolbar, footer), shared by every page. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- HTML5 in its XML syntax (method xhtml, html-version 5): void elements close themselves
       (<br/>), every other element gets an end tag, and no XML declaration is written, so
       browsers parse the pages as ordinary HTML5; Saxon's XHTML serializer is cheaper than its
       HTML one on pages of this size.  escape-uri-attributes="no": browsers percent-encode a
       URL themselves when they parse it (HTML5 URL parsing, UTF-8), so the serializer need not
       inspect every href and src. -->
  <xsl:output method="xhtml" html-version="5" indent="no" encoding="UTF-8" omit-xml-declaration="yes"
              include-content-type="no" escape-uri-attributes="no"/>

  <!-- Only the site's own scripts, styles and images (plus https images from TEI graphic/@url). -->
  <xsl:variable name="tkh:csp" as="xs:string"
      select="&quot;default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; object-src 'none'; base-uri 'none'; form-action 'self'&quot;"/>

  <!-- $witnesses: maps from tk:witnesses (a switcher is offered when not empty);
       $scripts: extra site-relative script files -->
  <xsl:template name="tkh:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="content" as="node()*" select="()"/>
    <!-- or: the element whose page this is, rendered in mode tkh:page-content (no temporary tree) -->
    <xsl:param name="subject" as="element()?" select="()"/>
    <xsl:param name="views" as="xs:boolean" select="false()"/>
    <xsl:param name="witnesses" as="map(*)*" select="()"/>
    <xsl:param name="scripts" as="xs:string*" select="()"/>
    <xsl:param name="prev" as="map(*)?" select="()"/>
    <xsl:param name="next" as="map(*)?" select="()"/>
    <xsl:param name="up" as="map(*)?" select="()"/>
    <html lang="en" data-view="reading">
      <head>
        <meta charset="utf-8"/>
        <meta http-equiv="Content-Security-Policy" content="{$tkh:csp}"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="teikit"/>
        <title>{$title} · {$edition-title}</title>
        <link rel="stylesheet" href="assets/teikit.css"/>
        <script src="assets/teikit.js" defer="defer"></script>
        <xsl:for-each select="$scripts">
          <script src="{.}" defer="defer"></script>
        </xsl:for-each>
      </head>
      <body class="tk-page-{$kind}">
        <a class="tk-skip" href="#tk-main">Skip to the text</a>
        <header class="tk-site" role="banner">
          <p class="tk-site-title"><a href="index.html">{$edition-title}</a></p>
          <nav class="tk-site-nav" aria-label="Site">
            <ul>
              <li><a href="index.html">{tk:label('home')}</a></li>
              <li><a href="index.html#tk-documents">{tk:label('documents')}</a></li>
              <li><a href="persons.html">{tk:label('persons')}</a></li>
              <li><a href="parallels.html">{tk:label('parallels')}</a></li>
              <li><a href="search.html">{tk:label('search')}</a></li>
            </ul>
          </nav>
        </header>
        <xsl:if test="$views or exists($witnesses)">
          <div class="tk-toolbar" role="region" aria-label="Display of the text">
            <xsl:if test="$views">
              <span class="tk-toolbar-group" role="group" aria-label="{tk:label('view')}">
                <span class="tk-toolbar-label" aria-hidden="true">{tk:label('view')}:</span>
                <button type="button" class="tk-view-btn" data-tk-view="reading" aria-pressed="true">{tk:label('reading')}</button>
                <button type="button" class="tk-view-btn" data-tk-view="diplomatic" aria-pressed="false">{tk:label('diplomatic')}</button>
              </span>
            </xsl:if>
            <xsl:if test="exists($witnesses)">
              <span class="tk-toolbar-group">
                <label for="tk-witness">Text of witness:</label>
                <select id="tk-witness" class="tk-witness">
                  <option value="">{tk:label('base-text')}</option>
                  <xsl:for-each select="$witnesses">
                    <option value="{?id}">{?siglum} – {?label}</option>
                  </xsl:for-each>
                </select>
              </span>
            </xsl:if>
          </div>
        </xsl:if>
        <main id="tk-main" tabindex="-1">
          <xsl:choose>
            <xsl:when test="exists($subject)">
              <xsl:apply-templates select="$subject" mode="tkh:page-content"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:sequence select="$content"/>
            </xsl:otherwise>
          </xsl:choose>
        </main>
        <xsl:if test="exists(($prev, $next, $up))">
          <nav class="tk-pager" aria-label="Previous and next">
            <ul>
              <xsl:for-each select="$prev">
                <li class="tk-prev"><a rel="prev" href="{?href}"><span aria-hidden="true">← </span>{tk:label('previous')}: {?title}</a></li>
              </xsl:for-each>
              <xsl:for-each select="$up">
                <li class="tk-up"><a href="{?href}">{?title}</a></li>
              </xsl:for-each>
              <xsl:for-each select="$next">
                <li class="tk-next"><a rel="next" href="{?href}">{tk:label('next')}: {?title}<span aria-hidden="true"> →</span></a></li>
              </xsl:for-each>
            </ul>
          </nav>
        </xsl:if>
        <footer class="tk-footer" role="contentinfo">
          <p>{$edition-title}<xsl:if test="$edition-editors">, ed. {$edition-editors}</xsl:if><xsl:if test="$edition-date">, {$edition-date}</xsl:if>.
            <xsl:if test="$edition-licence"> {$edition-licence}</xsl:if></p>
        </footer>
        <div id="tk-popover" class="tk-popover" role="dialog" aria-modal="false" aria-labelledby="tk-popover-title" hidden="hidden">
          <p class="tk-popover-head"><span id="tk-popover-title">{tk:label('note')}</span>
            <button type="button" class="tk-popover-close" aria-label="Close the note">×</button></p>
          <div class="tk-popover-body"></div>
          <p class="tk-popover-foot"><a class="tk-popover-goto" href="#tk-main">Go to the note in the list</a></p>
        </div>
      </body>
    </html>
  </xsl:template>

</xsl:stylesheet>
