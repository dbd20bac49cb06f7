<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: what the TEI header says, for readers: source, responsibility, rights,
     editorial principles, revisions. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xmlns:tkh="https://teikit.org/ns/html"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:variable name="tkh:decl-labels" as="map(xs:string, xs:string)" select="map{
    'correction': 'Corrections', 'normalization': 'Normalisation', 'hyphenation': 'Hyphenation',
    'quotation': 'Quotation', 'segmentation': 'Segmentation', 'interpretation': 'Interpretation',
    'punctuation': 'Punctuation', 'stdVals': 'Standard values', 'p': 'Principles'}"/>

  <xsl:function name="tkh:authors" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="string-join(root($n)/*/teiHeader/fileDesc/titleStmt/author!tk:plain(.)[.], '; ')"/>
  </xsl:function>

  <!-- the editorial principles of one document (editorialDecl), as a definition list -->
  <xsl:template name="tkh:principles">
    <xsl:param name="decl" as="element()*"/>
    <xsl:if test="$decl/*">
      <dl class="tk-principles">
        <xsl:for-each select="$decl/*">
          <div>
            <dt>{($tkh:decl-labels(local-name()), local-name())[1]}</dt>
            <dd>
              <xsl:choose>
                <xsl:when test="self::p"><xsl:apply-templates mode="tkh:html"/></xsl:when>
                <xsl:when test="p"><xsl:apply-templates select="p" mode="tkh:html"/></xsl:when>
                <xsl:otherwise>{tk:plain(.)}</xsl:otherwise>
              </xsl:choose>
            </dd>
          </div>
        </xsl:for-each>
      </dl>
    </xsl:if>
  </xsl:template>

  <xsl:template name="tkh:about">
    <xsl:param name="header" as="element(teiHeader)?"/>
    <xsl:variable name="fd" select="$header/fileDesc"/>
    <section class="tk-about" aria-labelledby="tk-about-h">
      <h2 id="tk-about-h">About this text</h2>
      <dl class="tk-about-list">
        <xsl:if test="$fd/sourceDesc">
          <div>
            <dt>{tk:label('source')}</dt>
            <dd>
              <xsl:for-each select="$fd/sourceDesc/(bibl | biblStruct | biblFull | p | msDesc)">
                <p>{tk:plain(.)}</p>
              </xsl:for-each>
              <xsl:for-each select="$fd/sourceDesc//idno[@type = 'sha256']">
                <p class="tk-checksum">SHA-256 of the source file: <code>{normalize-space(.)}</code></p>
              </xsl:for-each>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="$fd/titleStmt/(author | editor | respStmt)">
          <div>
            <dt>Responsibility</dt>
            <dd>
              <ul>
                <xsl:for-each select="$fd/titleStmt/author">
                  <li>Author: {tk:plain(.)}</li>
                </xsl:for-each>
                <xsl:for-each select="$fd/titleStmt/editor">
                  <li>Editor: {tk:plain(.)}</li>
                </xsl:for-each>
                <xsl:for-each select="$fd/titleStmt/respStmt">
                  <li>{tk:plain(resp)}: {string-join((name | persName | orgName)!tk:plain(.), ', ')}</li>
                </xsl:for-each>
              </ul>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="$fd/publicationStmt">
          <div>
            <dt>Publication and rights</dt>
            <dd>
              <xsl:for-each select="$fd/publicationStmt/(publisher | distributor | authority)[normalize-space()]">
                <p>{tk:plain(.)}<xsl:for-each select="../date[1]">, {tk:plain(.)}</xsl:for-each></p>
              </xsl:for-each>
              <xsl:for-each select="$fd/publicationStmt/availability">
                <xsl:for-each select="licence | p">
                  <p>
                    <xsl:variable name="href" select="tk:safe-url(@target)[matches(., '^https?:')]"/>
                    <xsl:choose>
                      <xsl:when test="$href"><a href="{$href}" rel="license noopener noreferrer">{tk:plain(.)}</a></xsl:when>
                      <xsl:otherwise>{tk:plain(.)}</xsl:otherwise>
                    </xsl:choose>
                  </p>
                </xsl:for-each>
              </xsl:for-each>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="$header/encodingDesc/editorialDecl/*">
          <div>
            <dt>{tk:label('principles')}</dt>
            <dd>
              <xsl:call-template name="tkh:principles">
                <xsl:with-param name="decl" select="$header/encodingDesc/editorialDecl"/>
              </xsl:call-template>
            </dd>
          </div>
        </xsl:if>
        <xsl:if test="$header/revisionDesc/change">
          <div>
            <dt>Revisions</dt>
            <dd>
              <ul>
                <xsl:for-each select="$header/revisionDesc/change">
                  <li><xsl:if test="@when"><time datetime="{@when}">{@when}</time>: </xsl:if>{tk:plain(.)}</li>
                </xsl:for-each>
              </ul>
            </dd>
          </div>
        </xsl:if>
      </dl>
    </section>
  </xsl:template>

</xsl:stylesheet>
