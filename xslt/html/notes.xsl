<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: notes (mode tkh:html for calls and inline notes, mode tkh:note-item for the
     note lists).  Each call links to its note in the list (and opens it in place through
     assets/teikit.js); each listed note links back to its call. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="tkh:note-item" on-no-match="fail" on-multiple-match="fail"/>

  <!-- id of the call of a note in the HTML -->
  <xsl:function name="tkh:call-id" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:variable name="call" select="tk:note-call($note)"/>
    <xsl:sequence select="if ($call) then tkh:id($call) else tkh:id($note) || '-call'"/>
  </xsl:function>

  <xsl:template name="tkh:call">
    <xsl:param name="note" as="element()"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="tei" as="xs:string"/>
    <xsl:variable name="n" select="tk:note-number($note)"/>
    <xsl:variable name="kind" select="tk:note-kind($note)"/>
    <xsl:variable name="note-id" select="tkh:id($note)"/>
    <sup class="tk-call-wrap">
      <a id="{$id}" href="#{$note-id}" class="tk-call tk-kind-{$kind}" data-tei="{$tei}"
         data-note="{$note-id}" role="doc-noteref" aria-haspopup="dialog"
         aria-label="{tk:label($kind)} {$n}">{$n}</a>
    </sup>
  </xsl:template>

  <xsl:template match="ref[@type = 'noteref'] | ptr[@type = 'noteref']" mode="tkh:html" priority="1">
    <xsl:variable name="note" select="tk:call-note(.)"/>
    <xsl:choose>
      <xsl:when test="$note">
        <xsl:call-template name="tkh:call">
          <xsl:with-param name="note" select="$note"/>
          <xsl:with-param name="id" select="tkh:id(.)"/>
          <xsl:with-param name="tei" select="local-name()"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <sup><xsl:sequence select="tkh:attrs(.), tkh:class('tk-call-missing')"/><xsl:apply-templates mode="tkh:html"/></sup>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- interpolations inside the source text: shown where they stand, marked by kind -->
  <xsl:template match="note[@place = 'inline']" mode="tkh:html" priority="1">
    <span title="{tk:label(tk:note-kind(.))}">
      <xsl:sequence select="tkh:attrs(.), tkh:class(('tk-note-inline', 'tk-kind-' || tk:note-kind(.)))"/>
      <xsl:apply-templates mode="tkh:html"/>
    </span>
  </xsl:template>

  <!-- a numbered note: the call where it stands (if it has no call of its own); the text in the list -->
  <xsl:template match="note" mode="tkh:html">
    <xsl:if test="tk:note-in-place(.)">
      <xsl:call-template name="tkh:call">
        <xsl:with-param name="note" select="."/>
        <xsl:with-param name="id" select="tkh:call-id(.)"/>
        <xsl:with-param name="tei" select="'note'"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- end notes of a chapter: the list stands where the TEI has it -->
  <xsl:template match="div[@type = 'notes']" mode="tkh:html" priority="1">
    <section>
      <xsl:sequence select="tkh:attrs-id(.), tkh:class('tk-notes')"/>
      <xsl:attribute name="aria-labelledby" select="tkh:id(.) || '-h'"/>
      <xsl:element name="h{min((6, tkh:hlevel(.) + 1))}">
        <xsl:attribute name="id" select="tkh:id(.) || '-h'"/>
        <xsl:attribute name="class" select="'tk-head'"/>
        <xsl:value-of select="(tk:plain(head[1])[.], tk:label('notes'))[1]"/>
      </xsl:element>
      <ol class="tk-note-list">
        <xsl:apply-templates select=".//note[not(@place = 'inline')][not(parent::app)]" mode="tkh:note-item"/>
      </ol>
    </section>
  </xsl:template>

  <!-- the notes of a page that are not in a notes division (foot, margin, in place) -->
  <xsl:template name="tkh:page-notes">
    <xsl:param name="scope" as="node()*"/>
    <xsl:variable name="notes" select="$scope//note[not(@place = 'inline')][not(parent::app)]
                                       [not(ancestor::div[@type = 'notes'])][not(ancestor::teiHeader)]"/>
    <xsl:if test="$notes">
      <section class="tk-notes tk-page-notes" aria-labelledby="tk-page-notes-h">
        <h2 id="tk-page-notes-h" class="tk-head">{tk:label('notes')}</h2>
        <ol class="tk-note-list">
          <xsl:apply-templates select="$notes" mode="tkh:note-item"/>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template match="note" mode="tkh:note-item">
    <xsl:variable name="kind" select="tk:note-kind(.)"/>
    <xsl:variable name="n" select="tk:note-number(.)"/>
    <xsl:variable name="call" select="tk:note-call(.)"/>
    <xsl:variable name="called" select="exists($call) or tk:note-in-place(.)"/>
    <xsl:variable name="id" select="tkh:id(.)"/>
    <li id="{$id}" data-tei="note" class="tk-note tk-kind-{$kind}" data-n="{$n}">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <span class="tk-note-n">{$n}</span>
      <xsl:text> </xsl:text>
      <span class="tk-note-kind">{tk:label($kind)}</span>
      <xsl:text> </xsl:text>
      <div class="tk-note-body">
        <xsl:apply-templates mode="tkh:html"/>
      </div>
      <xsl:if test="$called">
        <a class="tk-backlink" href="#{if ($call) then tkh:id($call) else $id || '-call'}" aria-label="{tk:label('back-to-text')} (note {$n})">↩ <span aria-hidden="true">{tk:label('back-to-text')}</span></a>
      </xsl:if>
    </li>
  </xsl:template>

</xsl:stylesheet>
