<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: editorial interventions and the source's layout (mode tkh:html).
     Class tk-read = reading text only, tk-dipl = diplomatic text only (CSS switches them
     with html[data-view]); both come from tk:view / tk:reading-child in xslt/common. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:function name="tkh:view-class" as="xs:string?">
    <xsl:param name="n" as="element()"/>
    <xsl:sequence select="map{'reading': 'tk-read', 'diplomatic': 'tk-dipl'}(tk:view($n))"/>
  </xsl:function>

  <xsl:template name="tkh:brackets">
    <xsl:param name="which" as="xs:integer"/>
    <xsl:variable name="b" select="tk:brackets(.)[$which]"/>
    <xsl:if test="$b"><span class="tk-br" aria-hidden="true">{$b}</span></xsl:if>
  </xsl:template>

  <xsl:template match="choice" mode="tkh:html">
    <xsl:variable name="r" select="tk:reading-child(.)"/>
    <xsl:variable name="d" select="tk:diplomatic-child(.)"/>
    <span title="{tk:describe(.)}">
      <xsl:sequence select="tkh:attrs(.), tkh:class(('tk-choice', ($r/local-name(), $d/local-name())!('tk-choice-' || .)))"/>
      <xsl:choose>
        <xsl:when test="$r is $d">
          <xsl:apply-templates select="$r" mode="tkh:html"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="$d, $r" mode="tkh:html"/>
        </xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template match="sic | corr | orig | reg | abbr | expan" mode="tkh:html">
    <span>
      <xsl:sequence select="tkh:attrs(.), tkh:class(('tk-' || local-name(), tkh:view-class(.)))"/>
      <xsl:apply-templates mode="tkh:html"/>
    </span>
  </xsl:template>

  <xsl:template match="supplied | unclear" mode="tkh:html">
    <span title="{tk:describe(.)}">
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-' || local-name())"/>
      <xsl:call-template name="tkh:brackets"><xsl:with-param name="which" select="1"/></xsl:call-template>
      <xsl:apply-templates mode="tkh:html"/>
      <xsl:call-template name="tkh:brackets"><xsl:with-param name="which" select="2"/></xsl:call-template>
      <span class="tk-sr"> ({tk:describe(.)})</span>
    </span>
  </xsl:template>

  <xsl:template match="gap" mode="tkh:html">
    <span title="{tk:describe(.)}">
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-gap')"/>
      <span aria-hidden="true">{tk:brackets(.)[1]}{tk:gap-text(.)}{tk:brackets(.)[2]}</span>
      <span class="tk-sr">({tk:describe(.)})</span>
    </span>
  </xsl:template>

  <xsl:template match="surplus" mode="tkh:html">
    <span title="{tk:describe(.)}">
      <xsl:sequence select="tkh:attrs(.), tkh:class(('tk-surplus', tkh:view-class(.)))"/>
      <xsl:apply-templates mode="tkh:html"/>
    </span>
  </xsl:template>

  <xsl:template match="add" mode="tkh:html">
    <ins title="{tk:describe(.)}">
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-add')"/>
      <xsl:call-template name="tkh:brackets"><xsl:with-param name="which" select="1"/></xsl:call-template>
      <xsl:apply-templates mode="tkh:html"/>
      <xsl:call-template name="tkh:brackets"><xsl:with-param name="which" select="2"/></xsl:call-template>
    </ins>
  </xsl:template>

  <xsl:template match="del" mode="tkh:html">
    <del title="{tk:describe(.)}">
      <xsl:sequence select="tkh:attrs(.), tkh:class(('tk-del', tkh:view-class(.)))"/>
      <xsl:apply-templates mode="tkh:html"/>
    </del>
  </xsl:template>

  <xsl:template match="subst | damage | restore | handShift" mode="tkh:html">
    <span>
      <xsl:sequence select="tkh:attrs(.), tkh:class('tk-' || local-name())"/>
      <xsl:apply-templates mode="tkh:html"/>
    </span>
  </xsl:template>

  <!-- A source line end: a line break (and the soft hyphen) in the diplomatic view; a space
       otherwise (harmless before a line break), or nothing inside a broken word. -->
  <xsl:template match="lb" mode="tkh:html">
    <!-- the most frequent element of a transcription: one test for the usual lb, and the
         shortest markup (the stylesheet hides br[data-tei=lb] in the reading view, as it
         hides .tk-dipl) -->
    <xsl:choose>
      <xsl:when test="@break = 'no'">
        <xsl:if test="@rend = ('hyphen', 'hyphenated', '-')"><span class="tk-dipl tk-hyphen" data-tei="lb">-</span></xsl:if>
        <br data-tei="lb"/>
      </xsl:when>
      <xsl:otherwise>
        <br data-tei="lb"/>
        <xsl:text> </xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="pb" mode="tkh:html">
    <xsl:if test="@n">
      <span>
        <xsl:sequence select="tkh:attrs-id(.), tkh:class('tk-pb')"/>
        <span class="tk-sr">{tk:label('page')} </span>{normalize-space(@n)}<xsl:if test="@ed"><span class="tk-pb-ed"> ({replace(normalize-space(@ed), '#', '')})</span></xsl:if>
      </span>
    </xsl:if>
  </xsl:template>

  <xsl:template match="fw" mode="tkh:html">
    <span>
      <xsl:sequence select="tkh:attrs(.), tkh:class(('tk-fw', @type!('tk-fw-' || tkh:token(.)), tkh:view-class(.)))"/>
      <xsl:apply-templates mode="tkh:html"/>
    </span>
  </xsl:template>

  <xsl:template match="cb" mode="tkh:html"/>

  <xsl:template match="milestone" mode="tkh:html">
    <xsl:if test="@n">
      <span>
        <xsl:sequence select="tkh:attrs-id(.), tkh:class('tk-milestone')"/>
        <xsl:text>[{@unit} {@n}]</xsl:text>
      </span>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
