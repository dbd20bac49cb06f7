<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: the inline apparatus (mode tkh:html).  The base reading (tk:app-base) is
     shown and highlighted; every reading is in the page, marked with its witnesses
     (data-wit), so the witness switcher in assets/teikit.js can show the text as a witness
     reads it; a button opens the entry (all readings with sigla) in place. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:function name="tkh:sigla" as="xs:string">
    <xsl:param name="wits" as="xs:string*"/>
    <xsl:param name="all" as="map(*)*"/>
    <xsl:sequence select="string-join(
      for $w in $wits return (($all[?id = $w])[1]?siglum, $w)[1], ' ')"/>
  </xsl:function>

  <xsl:template match="app" mode="tkh:html">
    <xsl:variable name="id" select="tkh:id(.)"/>
    <xsl:variable name="base" select="tk:app-base(.)"/>
    <xsl:variable name="entry" select="tk:app-entries(.)"/>
    <xsl:variable name="wits" select="tk:witnesses(.)"/>
    <span id="{$id}" data-tei="app">
      <xsl:sequence select="tkh:class(('tk-app', @type!('tk-app-' || tkh:token(.))))"/>
      <xsl:for-each select="$entry?readings?*">
        <xsl:variable name="r" select="?node"/>
        <span data-tei="{local-name($r)}" data-wit="{string-join(?wit, ' ')}">
          <xsl:sequence select="tkh:class(('tk-rdg', if ($r is $base) then 'tk-base' else 'tk-alt'))"/>
          <xsl:if test="not($r is $base)"><xsl:attribute name="hidden" select="'hidden'"/></xsl:if>
          <xsl:apply-templates select="$r/node()" mode="tkh:html"/>
          <xsl:if test="not($r/node())"><span class="tk-om" title="omitted">⸆</span></xsl:if>
        </span>
      </xsl:for-each>
      <button type="button" class="tk-app-btn" aria-expanded="false" aria-controls="{$id}-detail">
        <span class="tk-sr">{tk:label('readings')}</span><span aria-hidden="true">◇</span>
      </button>
      <span id="{$id}-detail" class="tk-app-detail" role="note" hidden="hidden">
        <xsl:for-each select="$entry?readings?*">
          <span class="tk-app-reading{if (?is-lem) then ' tk-app-lem' else ''}">
            <span class="tk-app-text">{if (?text) then ?text else tk:label('omitted')}</span>
            <xsl:if test="?is-lem"><span class="tk-app-sep">]</span></xsl:if>
            <xsl:text> </xsl:text>
            <span class="tk-app-wit">{tkh:sigla(?wit, $wits)}</span>
            <xsl:if test="?type"><span class="tk-app-type"> ({?type})</span></xsl:if>
          </span>
          <xsl:if test="position() ne last()"><span class="tk-app-sep">; </span></xsl:if>
        </xsl:for-each>
        <xsl:for-each select="note">
          <span class="tk-app-note"> — <xsl:apply-templates mode="tkh:html"/></span>
        </xsl:for-each>
      </span>
    </span>
  </xsl:template>

  <xsl:template match="lem | rdg | rdgGrp | witDetail | app/note" mode="tkh:html">
    <!-- rendered by the app template above -->
    <xsl:apply-templates mode="tkh:html"/>
  </xsl:template>

</xsl:stylesheet>
