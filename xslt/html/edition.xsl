<?xml version="1.0" encoding="UTF-8"?>
<!-- teikit HTML: entry stylesheet for the pages spanning the edition.

     Called with the initial template tkh:edition and no source: the documents come from
     $document-uris, the personography from $persons-uri, the parallel passages from
     $parallels-uri (params.xsl).  Principal output: index.html (the home page); also
     persons.html (with persons-<key>.html, one page per person), parallels.html and
     search.html. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
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
  <xsl:include href="diff.xsl"/>

  <xsl:variable name="tkh:docs" as="document-node()*" select="tokenize($document-uris)!doc(.)"/>
  <!-- the documents whose elements the pages link to (see tkh:ordinal in pages.xsl) -->
  <xsl:variable name="tkh:indexed-docs" as="document-node()*" select="$tkh:docs"/>
  <xsl:variable name="tkh:tei-hrefs" as="xs:string*" select="tokenize($tei-hrefs)"/>
  <xsl:variable name="tkh:persons" as="document-node()?"
      select="if ($persons-uri and doc-available($persons-uri)) then doc($persons-uri) else ()"/>
  <xsl:variable name="tkh:parallels" as="document-node()?" select="$tkh:parallels-doc"/>

  <xsl:template name="tkh:edition">
    <xsl:call-template name="tkh:home"/>
    <xsl:result-document href="persons.html">
      <xsl:call-template name="tkh:persons-page"/>
    </xsl:result-document>
    <xsl:result-document href="parallels.html">
      <xsl:call-template name="tkh:parallels-page"/>
    </xsl:result-document>
    <xsl:result-document href="search.html">
      <xsl:call-template name="tkh:search-page"/>
    </xsl:result-document>
  </xsl:template>

  <!-- ============================================================== home -->
  <xsl:template name="tkh:home">
    <xsl:call-template name="tkh:page">
      <xsl:with-param name="title" select="tk:label('home')"/>
      <xsl:with-param name="kind" select="'home'"/>
      <xsl:with-param name="content">
        <article class="tk-home">
          <h1>{$edition-title}</h1>
          <xsl:if test="$edition-subtitle"><p class="tk-subtitle">{$edition-subtitle}</p></xsl:if>
          <xsl:if test="$edition-editors"><p class="tk-doc-author">Edited by {$edition-editors}<xsl:if test="$edition-date">, {$edition-date}</xsl:if></p></xsl:if>

          <section aria-labelledby="tk-documents">
            <h2 id="tk-documents">{tk:label('documents')}</h2>
            <ol class="tk-doclist">
              <xsl:for-each select="$tkh:docs/TEI">
                <xsl:variable name="i" select="position()"/>
                <xsl:variable name="units" select="tkh:units(.)"/>
                <li>
                  <p class="tk-doclist-title"><a href="{tkh:file-id(tk:doc-id(.))}.html">{tk:title(.)}</a></p>
                  <xsl:if test="tkh:authors(.)"><p class="tk-doc-author">{tkh:authors(.)}</p></xsl:if>
                  <xsl:for-each select="(teiHeader/fileDesc/sourceDesc/(bibl | biblStruct | biblFull | p))[1]">
                    <p class="tk-doclist-source">{tk:label('source')}: {tk:plain(.)}</p>
                  </xsl:for-each>
                  <p class="tk-doclist-links">
                    <xsl:if test="exists($units)">{count($units)} parts · </xsl:if>
                    <xsl:for-each select="$tkh:tei-hrefs[$i]">
                      <a class="tk-download" href="{.}" download="">{tk:label('download')}</a>
                    </xsl:for-each>
                  </p>
                </li>
              </xsl:for-each>
            </ol>
          </section>

          <section aria-labelledby="tk-tools-h">
            <h2 id="tk-tools-h">Reading the edition</h2>
            <ul>
              <li><a href="persons.html">{tk:label('persons')}</a>: every mention of a person across the documents.</li>
              <li><a href="parallels.html">{tk:label('parallels')}</a>: the passages the sources share, side by side, with their differences marked.</li>
              <li><a href="search.html">{tk:label('search')}</a>: full-text search over the whole edition, offline.</li>
            </ul>
            <p>Every text page offers a <em>reading text</em> (corrections, regularisations and
              expansions applied; soft hyphens joined) and a <em>diplomatic text</em> (the source's
              spelling and errors, line breaks, hyphens, running heads and superfluous text).</p>
            <h3>Conventions</h3>
            <dl class="tk-conventions">
              <div><dt>[text]</dt><dd>text supplied by the editors</dd></div>
              <div><dt>[…]</dt><dd>text lost or omitted in the source (hover or focus for its extent)</dd></div>
              <div><dt>text(?)</dt><dd>a doubtful reading</dd></div>
              <div><dt>dotted underline</dt><dd>a corrected, regularised or expanded word: its title gives the source's form</dd></div>
              <div><dt>superscript numbers</dt><dd>note calls: they open the note in place</dd></div>
              <div><dt>◇</dt><dd>a variant: it opens the readings of the witnesses</dd></div>
            </dl>
          </section>

          <section aria-labelledby="tk-principles-h">
            <h2 id="tk-principles-h">{tk:label('principles')}</h2>
            <p>Drawn from the header of each document (its <code>editorialDecl</code>).</p>
            <xsl:for-each select="$tkh:docs/TEI[teiHeader/encodingDesc/editorialDecl/*]">
              <section class="tk-principles-doc" aria-labelledby="tk-principles-{tkh:file-id(tk:doc-id(.))}">
                <h3 id="tk-principles-{tkh:file-id(tk:doc-id(.))}">{tk:title(.)}</h3>
                <xsl:call-template name="tkh:principles">
                  <xsl:with-param name="decl" select="teiHeader/encodingDesc/editorialDecl"/>
                </xsl:call-template>
              </section>
            </xsl:for-each>
          </section>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================== persons -->
  <!-- persons.html: every person with the number of mentions per document; one page per
       person mentioned, persons-<key>.html, with every occurrence, by document and section -->
  <xsl:template name="tkh:persons-page">
    <xsl:variable name="mentions" select="$tkh:docs/TEI/text//persName[exists(tk:person-key(.))]"/>
    <xsl:variable name="people" select="$tkh:persons//person[@xml:id]"/>
    <xsl:variable name="mentioned" select="distinct-values($mentions!tk:person-key(.))"/>
    <xsl:call-template name="tkh:page">
      <xsl:with-param name="title" select="tk:label('persons')"/>
      <xsl:with-param name="kind" select="'persons'"/>
      <xsl:with-param name="content">
        <article class="tk-persons">
          <h1>{tk:label('persons')}</h1>
          <p>{count($mentions)} mentions of {count($mentioned)} persons in {count($tkh:docs)} documents.</p>
          <table class="tk-table tk-person-table">
            <caption class="tk-sr">Persons and the number of their mentions in each document</caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                <xsl:for-each select="$tkh:docs/TEI">
                  <th scope="col"><abbr title="{tk:title(.)}">{tk:doc-id(.)}</abbr></th>
                </xsl:for-each>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each-group select="$mentions" group-by="tk:person-key(.)">
                <xsl:sort select="tkh:person-name(current-grouping-key(), $people)" lang="en"/>
                <xsl:variable name="group" select="current-group()"/>
                <tr>
                  <th scope="row"><a href="{tkh:person-page(current-grouping-key())}">{tkh:person-name(current-grouping-key(), $people)}</a></th>
                  <xsl:for-each select="$tkh:docs/TEI">
                    <xsl:variable name="doc" select="."/>
                    <td>{count($group[root(.) is root($doc)])[. gt 0]}</td>
                  </xsl:for-each>
                </tr>
              </xsl:for-each-group>
            </tbody>
          </table>
          <xsl:if test="$people[not(@xml:id = $mentioned)]">
            <h2>In the personography, not mentioned in the texts</h2>
            <ul>
              <xsl:for-each select="$people[not(@xml:id = $mentioned)]">
                <xsl:sort select="tkh:person-name(@xml:id, $people)" lang="en"/>
                <li><a href="{tkh:person-page(@xml:id)}">{tkh:person-name(@xml:id, $people)}</a></li>
              </xsl:for-each>
            </ul>
          </xsl:if>
        </article>
      </xsl:with-param>
    </xsl:call-template>

    <xsl:for-each select="$people[not(@xml:id = $mentioned)]">
      <xsl:result-document href="{tkh:person-page(@xml:id)}">
        <xsl:call-template name="tkh:page">
          <xsl:with-param name="title" select="tkh:person-name(@xml:id, $people)"/>
          <xsl:with-param name="kind" select="'person'"/>
          <xsl:with-param name="up" select="map{'href': 'persons.html', 'title': tk:label('persons')}"/>
          <xsl:with-param name="content">
            <article class="tk-person-entry" data-tei="person" data-person="{@xml:id}">
              <h1>{tkh:person-name(@xml:id, $people)}</h1>
              <xsl:call-template name="tkh:person-facts"><xsl:with-param name="p" select="."/></xsl:call-template>
              <p>Not mentioned in the texts of the edition.</p>
            </article>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each>

    <xsl:for-each-group select="$mentions" group-by="tk:person-key(.)">
      <xsl:variable name="key" select="current-grouping-key()"/>
      <xsl:variable name="p" select="$people[@xml:id = $key][1]"/>
      <xsl:variable name="name" select="tkh:person-name($key, $people)"/>
      <xsl:result-document href="{tkh:person-page($key)}">
        <xsl:call-template name="tkh:page">
          <xsl:with-param name="title" select="$name"/>
          <xsl:with-param name="kind" select="'person'"/>
          <xsl:with-param name="up" select="map{'href': 'persons.html', 'title': tk:label('persons')}"/>
          <xsl:with-param name="content">
            <article class="tk-person-entry" data-tei="person" data-person="{$key}">
              <h1>{$name}</h1>
              <xsl:call-template name="tkh:person-facts"><xsl:with-param name="p" select="$p"/></xsl:call-template>
              <h2>{tk:label('occurrences')} ({count(current-group())})</h2>
              <xsl:for-each-group select="current-group()" group-by="tk:doc-id(.)">
                <section class="tk-occ-doc" aria-labelledby="tk-occ-{tkh:file-id(current-grouping-key())}">
                  <h3 id="tk-occ-{tkh:file-id(current-grouping-key())}">{tk:title(.)} ({count(current-group())})</h3>
                  <ul class="tk-occurrences">
                    <xsl:for-each-group select="current-group()" group-adjacent="generate-id(ancestor::div[head][1])">
                      <li>
                        <xsl:for-each select="ancestor::div[head][1]"><span class="tk-occ-where">{tkh:unit-title(.)}: </span></xsl:for-each>
                        <xsl:for-each select="current-group()">
                          <xsl:if test="position() gt 1">, </xsl:if>
                          <a href="{tkh:locus-href(.)}">{tk:plain(.)}</a>
                        </xsl:for-each>
                      </li>
                    </xsl:for-each-group>
                  </ul>
                </section>
              </xsl:for-each-group>
            </article>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:result-document>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:template name="tkh:person-facts">
    <xsl:param name="p" as="element()?"/>
    <xsl:if test="$p">
      <xsl:variable name="dates" select="string-join(($p/birth/(@when, .)[normalize-space()][1], $p/death/(@when, .)[normalize-space()][1])!normalize-space(), '–')"/>
      <xsl:if test="$dates"><p class="tk-person-dates">{$dates}</p></xsl:if>
      <xsl:for-each select="$p/note"><p>{tk:plain(.)}</p></xsl:for-each>
      <xsl:if test="$p/persName[@type = 'variant']">
        <p>Spellings in the sources: {string-join($p/persName[@type = 'variant']!(tk:plain(.) || (@source!(' (' || replace(., '#', '') || ')'))), '; ')}</p>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <xsl:function name="tkh:person-name" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="people" as="element()*"/>
    <xsl:variable name="p" select="$people[@xml:id = $key][1]"/>
    <xsl:sequence select="(tk:plain(($p/persName[@type = 'main'], $p/persName[not(@type = 'variant')], $p/persName)[1])[.], $key)[1]"/>
  </xsl:function>

  <!-- ============================================================== parallels -->
  <xsl:template name="tkh:parallels-page">
    <xsl:variable name="entries" select="if ($tkh:parallels) then tk:app-entries($tkh:parallels/*/text) else ()"/>
    <xsl:variable name="passages" as="element(div)*" select="$tkh:parallels/*/text//div[@type = 'parallel']"/>
    <xsl:variable name="wits" select="if ($tkh:parallels) then tk:witnesses($tkh:parallels) else ()"/>
    <xsl:call-template name="tkh:page">
      <xsl:with-param name="title" select="tk:label('parallels')"/>
      <xsl:with-param name="kind" select="'parallels'"/>
      <xsl:with-param name="content">
        <article class="tk-parallels">
          <h1>{tk:label('parallels')}</h1>
          <xsl:choose>
            <xsl:when test="empty($entries) and empty($passages)">
              <p>This edition has no apparatus of parallel passages yet.</p>
            </xsl:when>
            <xsl:otherwise>
              <xsl:variable name="n" select="count($passages) + count($entries[not(?app/ancestor::div[@type = 'parallel'])])"/>
              <p>{$n} passage{if ($n ne 1) then 's' else ''}. Each passage is shown as every source gives it; words that
                differ from the other versions are <mark class="tk-diff">marked</mark>.</p>
              <!-- passages collated into parallel segmentation: one section per div -->
              <xsl:for-each select="$passages">
                <xsl:call-template name="tkh:parallel-passage">
                  <xsl:with-param name="div" select="."/>
                  <xsl:with-param name="wits" select="$wits"/>
                </xsl:call-template>
              </xsl:for-each>
              <!-- passages encoded as one app holding the whole text of each witness -->
              <xsl:for-each select="$entries[not(?app/ancestor::div[@type = 'parallel'])]">
                <xsl:variable name="e" select="."/>
                <xsl:variable name="texts" select="array{ ?readings?*!tkh:reading-text(?node) }"/>
                <section id="{tkh:file-id(tkh:id(?app))}" class="tk-parallel" aria-labelledby="{tkh:file-id(tkh:id(?app))}-h" data-tei="app">
                  <h2 id="{tkh:file-id(tkh:id(?app))}-h">{(?app/@n!string(), 'Passage ' || position())[1]}<xsl:if test="?type"><xsl:text> </xsl:text><span class="tk-app-type">({?type})</span></xsl:if></h2>
                  <div class="tk-parallel-grid">
                    <xsl:for-each select="?readings?*">
                      <xsl:variable name="k" select="position()"/>
                      <xsl:variable name="r" select="."/>
                      <div class="tk-parallel-col" data-wit="{string-join(?wit, ' ')}">
                        <h3 class="tk-parallel-wit">{tkh:sigla(?wit, $wits)}<xsl:for-each select="?wit[1]"><xsl:variable name="w" select="."/><span class="tk-parallel-witlabel"> {($wits[?id = $w])[1]?label}</span></xsl:for-each></h3>
                        <p class="tk-parallel-text">
                          <xsl:call-template name="tkh:diff-words">
                            <xsl:with-param name="text" select="$texts($k)"/>
                            <xsl:with-param name="others" select="for $x in 1 to array:size($texts) return $texts($x)[$x ne $k]" xmlns:array="http://www.w3.org/2005/xpath-functions/array"/>
                          </xsl:call-template>
                        </p>
                        <xsl:variable name="targets" select="tkh:targets(?node)"/>
                        <xsl:if test="$targets">
                          <p class="tk-parallel-src">
                            <xsl:for-each select="$targets">
                              <a href="{tkh:href(.)}">Read in context: {tk:title(.)}<xsl:for-each select="tkh:unit-of(.)"> – {tkh:unit-title(.)}</xsl:for-each></a>
                            </xsl:for-each>
                          </p>
                        </xsl:if>
                      </div>
                    </xsl:for-each>
                  </div>
                </section>
              </xsl:for-each>
            </xsl:otherwise>
          </xsl:choose>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A passage collated in parallel segmentation (a div[@type='parallel'] whose text holds
       app entries, as teikit collate writes it): one column per witness, its text read through
       the shared layer with that witness's readings, the apparatus entries marked.  A passage
       of related texts (linkGrp) lists them with links. -->
  <xsl:template name="tkh:parallel-passage">
    <xsl:param name="div" as="element(div)"/>
    <xsl:param name="wits" as="map(*)*"/>
    <xsl:variable name="id" select="tkh:file-id(tkh:id($div))"/>
    <xsl:variable name="readers" as="xs:string*"
        select="distinct-values($div//app//(lem | rdg)/tk:wit-tokens(.))"/>
    <section id="{$id}" class="tk-parallel" aria-labelledby="{$id}-h" data-tei="div">
      <h2 id="{$id}-h">{(tk:plain($div/head), 'Passage')[normalize-space()][1]}<xsl:if test="$div/@subtype"><xsl:text> </xsl:text><span class="tk-app-type">({if ($div/@subtype = 'link') then 'related texts' else count($div//app) || ' variant' || (if (count($div//app) ne 1) then 's' else '')})</span></xsl:if></h2>
      <xsl:if test="$div/@corresp">
        <p class="tk-parallel-quoted">Quotes: {string-join(for $t in tokenize($div/@corresp) return tk:plain(root($div)//*[@xml:id = substring-after($t, '#')]), '; ')}</p>
      </xsl:if>
      <div class="tk-parallel-grid">
        <xsl:for-each select="$readers">
          <xsl:variable name="w" select="."/>
          <div class="tk-parallel-col" data-wit="{$w}">
            <h3 class="tk-parallel-wit">{tkh:sigla($w, $wits)}<span class="tk-parallel-witlabel"> {($wits[?id = $w])[1]?label}</span></h3>
            <p class="tk-parallel-text">
              <xsl:apply-templates select="$div/p/node()" mode="tkh:witness-text">
                <xsl:with-param name="w" select="$w" tunnel="yes"/>
              </xsl:apply-templates>
            </p>
            <xsl:variable name="targets" select="tkh:targets(($div//app//(lem | rdg)[tk:wit-tokens(.) = $w][@source])[1])"/>
            <xsl:if test="$targets">
              <p class="tk-parallel-src">
                <xsl:for-each select="$targets[1]">
                  <a href="{tkh:href(.)}">Read in context: {tk:title(.)}<xsl:for-each select="tkh:unit-of(.)"> – {tkh:unit-title(.)}</xsl:for-each></a>
                </xsl:for-each>
              </p>
            </xsl:if>
          </div>
        </xsl:for-each>
        <xsl:for-each select="$div/linkGrp/link/tokenize(normalize-space(@target))">
          <xsl:variable name="t" select="tkh:targets-of(.)"/>
          <div class="tk-parallel-col">
            <p class="tk-parallel-text">{tk:plain($t)}</p>
            <xsl:for-each select="$t">
              <p class="tk-parallel-src"><a href="{tkh:href(.)}">Read in context: {tk:title(.)}<xsl:for-each select="tkh:unit-of(.)"> – {tkh:unit-title(.)}</xsl:for-each></a></p>
            </xsl:for-each>
          </div>
        </xsl:for-each>
      </div>
    </section>
  </xsl:template>

  <xsl:mode name="tkh:witness-text" on-no-match="shallow-skip" on-multiple-match="fail" warning-on-no-match="false"/>

  <xsl:template match="text()" mode="tkh:witness-text">
    <xsl:value-of select="."/>
  </xsl:template>

  <xsl:template match="app" mode="tkh:witness-text">
    <xsl:param name="w" as="xs:string" tunnel="yes"/>
    <xsl:variable name="r" select="tk:witness-reading(., $w)"/>
    <xsl:variable name="t" select="if ($r) then tk:plain($r) else ''"/>
    <xsl:if test="$t"><mark class="tk-diff">{$t}</mark></xsl:if>
  </xsl:template>

  <xsl:function name="tkh:targets-of" as="element()*">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:variable name="id" select="replace($pointer, '^[^#]*#', '')"/>
    <xsl:sequence select="($tkh:docs!tk:by-id($id, .))[1]"/>
  </xsl:function>

  <!-- elements of the edition's documents a reading points at (@corresp, @source) -->
  <xsl:function name="tkh:targets" as="element()*">
    <xsl:param name="r" as="element()"/>
    <xsl:sequence select="
      for $t in $r/(@corresp | @source)/tokenize(normalize-space(.))
      return (let $id := replace($t, '^[^#]*#', '') return ($tkh:docs!tk:by-id($id, .))[1])"/>
  </xsl:function>

  <xsl:function name="tkh:reading-text" as="xs:string">
    <xsl:param name="r" as="element()"/>
    <xsl:sequence select="if (normalize-space($r)) then tk:plain($r) else tk:plain(tkh:targets($r))"/>
  </xsl:function>

  <!-- ============================================================== search -->
  <xsl:template name="tkh:search-page">
    <xsl:call-template name="tkh:page">
      <xsl:with-param name="title" select="tk:label('search')"/>
      <xsl:with-param name="kind" select="'search'"/>
      <xsl:with-param name="scripts" select="if ($search) then ($tkh:docs!('search/' || tkh:file-id(tk:doc-id(.)) || '.js'), 'assets/search.js') else ()"/>
      <xsl:with-param name="content">
        <article class="tk-search">
          <h1>{tk:label('search')}</h1>
          <xsl:if test="not($search)"><p>This site was built without its search index.</p></xsl:if>
          <form class="tk-search-form" role="search" action="search.html" method="get">
            <label for="tk-q">Search the edition</label>
            <input type="search" id="tk-q" name="q" autocomplete="off" aria-describedby="tk-q-help"/>
            <button type="submit">{tk:label('search')}</button>
            <p id="tk-q-help" class="tk-help">All words must occur in a paragraph; put a phrase in "double quotes".
              Case and accents do not matter. Works offline.</p>
          </form>
          <p id="tk-search-status" class="tk-search-status" role="status" aria-live="polite"></p>
          <ol id="tk-search-results" class="tk-search-results"></ol>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
