<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: inline elements (mode tkh:html).  See render.xsl for the map of files. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- rendition keywords we style; anything else is ignored (never copied into markup) -->
  <xsl:variable name="tkh:rends" as="xs:string*"
      select="('italic', 'bold', 'underline', 'sup', 'superscript', 'sub', 'subscript', 'smallcaps',
               'small-caps', 'caps', 'allcaps', 'uppercase', 'strikethrough', 'spaced', 'center', 'right')"/>

  <!-- hi and foreign are frequent: tkh:attrs and tkh:class written out, and a rendition of one
       word needs no regular expression -->
  <xsl:template match="hi" mode="tkh:html">
    <xsl:variable name="r" select="lower-case(normalize-space(@rend))"/>
    <span>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:attribute name="data-tei" select="'hi'"/>
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:attribute name="class" select="string-join(('tk-hi',
        (if (translate($r, ' ;,()', '') eq $r) then $r else tokenize($r, '[\s;,()]+'))[. = $tkh:rends]!('tk-r-' || .)), ' ')"/>
      <xsl:apply-templates mode="tkh:html"/>
    </span>
  </xsl:template>

  <xsl:template match="emph" mode="tkh:html">
    <em><xsl:sequence select="tkh:attrs(.)"/><xsl:apply-templates mode="tkh:html"/></em>
  </xsl:template>

  <xsl:template match="foreign" mode="tkh:html">
    <i>
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:attribute name="data-tei" select="'foreign'"/>
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:attribute name="class" select="'tk-foreign'"/>
      <xsl:apply-templates mode="tkh:html"/>
    </i>
  </xsl:template>

  <xsl:template match="title[not(ancestor::teiHeader)] | term | mentioned | gloss | soCalled" mode="tkh:html">
    <xsl:element name="{if (self::title or self::mentioned) then 'i' else 'span'}">
      <xsl:sequence select="tkh:attrs(.)"/>
      <xsl:attribute name="class" select="'tk-' || local-name()"/>
      <xsl:apply-templates mode="tkh:html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="q | said | quote | cit | bibl | author | editor | date | time | num | measure | placeName | orgName | geogName
                       | name | rs | roleName | forename | surname | addName | seg | w | pc | s | c | phr | address | addrLine"
                mode="tkh:html">
    <span>
      <xsl:sequence select="tkh:attrs(.)"/>
      <xsl:attribute name="class" select="'tk-' || local-name()"/>
      <xsl:apply-templates mode="tkh:html"/>
    </span>
  </xsl:template>

  <!-- persName/@ref value -> (person key, person page), worked out once per distinct value
       in the documents rendered (a book names its persons thousands of times), the key by
       the shared tk:person-key -->
  <xsl:variable name="tkh:ref-persons" as="map(xs:string, xs:string+)">
    <xsl:map>
      <xsl:for-each-group select="$tkh:indexed-docs//persName[@ref][not(@key)]" group-by="string(@ref)">
        <xsl:for-each select="tk:person-key(.)">
          <xsl:map-entry key="current-grouping-key()" select="(., tkh:person-page(.))"/>
        </xsl:for-each>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:variable>

  <xsl:template match="persName" mode="tkh:html">
    <!-- No generated id: an occurrence is reached through the unit that holds it
         (tkh:locus); its xml:id when it has one. -->
    <xsl:variable name="hit" select="if (@key) then () else $tkh:ref-persons(string(@ref))"/>
    <xsl:variable name="person" select="if (exists($hit)) then $hit else tk:person-key(.)!(., tkh:person-page(.))"/>
    <xsl:choose>
      <xsl:when test="exists($person) and not(ancestor::ref or ancestor::ptr)">
        <!-- literal attributes: the hot path -->
        <a data-tei="persName" class="tk-person" href="{$person[2]}" data-person="{$person[1]}">
          <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
          <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
          <xsl:apply-templates mode="tkh:html"/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span>
          <xsl:sequence select="tkh:attrs(.), tkh:class('tk-person')"/>
          <xsl:apply-templates mode="tkh:html"/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Where a TEI pointer leads in the site, or () when it leads nowhere safe. -->
  <xsl:function name="tkh:link" as="xs:string?">
    <xsl:param name="from" as="element()"/>
    <xsl:param name="target" as="xs:string?"/>
    <xsl:variable name="t" select="tk:safe-url(tokenize(normalize-space($target))[1])"/>
    <xsl:variable name="local" select="if (starts-with($t, '#')) then tk:by-id(substring($t, 2), root($from))[1] else ()"/>
    <xsl:sequence select="
      if (empty($t)) then ()
      else if (starts-with($t, '#')) then (if ($local) then tkh:href($local) else ())
      else if (matches($t, '^persons\.xml#.')) then tkh:person-page(substring-after($t, '#'))
      else if (matches($t, '^[^:/?#]+\.xml(#.*)?$')) then ()
      else $t"/>
  </xsl:function>

  <xsl:template match="ref | ptr" mode="tkh:html">
    <xsl:variable name="href" select="tkh:link(., @target)"/>
    <xsl:choose>
      <xsl:when test="exists($href) and not(ancestor::ref | ancestor::persName[exists(tk:person-key(.))])">
        <a href="{$href}">
          <xsl:sequence select="tkh:attrs(.), tkh:class(('tk-ref', if (matches($href, '^(https?|mailto):')) then 'tk-external' else ()))"/>
          <xsl:if test="matches($href, '^https?:')">
            <xsl:attribute name="rel" select="'noopener noreferrer'"/>
          </xsl:if>
          <xsl:apply-templates mode="tkh:html"/>
          <xsl:if test="self::ptr">{$href}</xsl:if>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span>
          <xsl:sequence select="tkh:attrs(.), tkh:class('tk-ref')"/>
          <xsl:apply-templates mode="tkh:html"/>
          <xsl:if test="self::ptr">{normalize-space(@target)}</xsl:if>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="graphic" mode="tkh:html">
    <xsl:variable name="src" select="tk:safe-url(@url)[not(starts-with(., 'mailto:'))]"/>
    <xsl:choose>
      <xsl:when test="exists($src)">
        <img src="{$src}" alt="{tk:plain(../figDesc)}" loading="lazy">
          <xsl:sequence select="tkh:attrs(.)"/>
        </img>
      </xsl:when>
      <xsl:otherwise>
        <span class="tk-graphic-missing" data-tei="graphic">[image not shown]</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="anchor" mode="tkh:html">
    <span>
      <xsl:sequence select="tkh:attrs-id(.), tkh:class('tk-anchor')"/>
    </span>
  </xsl:template>

  <xsl:template match="space" mode="tkh:html">
    <span class="tk-space" data-tei="space">&#x2003;</span>
  </xsl:template>

  <xsl:template match="speaker[not(parent::sp)] | stage[not(parent::div | parent::sp | parent::body)]" mode="tkh:html">
    <span><xsl:sequence select="tkh:attrs(.), tkh:class('tk-' || local-name())"/><xsl:apply-templates mode="tkh:html"/></span>
  </xsl:template>

</xsl:stylesheet>
