<?xml version="1.0" encoding="UTF-8"?>
<!--
  teikit: the shared editorial layer.  ONE place for editorial policy.

  Every output format (html, print/latex, print/typst, text) includes this file:

      <xsl:include href="../common/common.xsl"/>

  and renders what it decides.  Nothing here emits HTML, LaTeX or Typst; it returns
  strings, booleans, elements of the source and maps.  A reading therefore never
  differs between outputs: the HTML, the print and the plain text all ask the same
  functions which child of a choice or app is the reading text.

  Architecture: functions deciding policy + one mode producing plain text (option
  "modes with hooks", not a normalising first pass).  A format writes its own
  templates, one per element, in its own declared mode, and calls these functions.

  CONTRACT (stable; changes are additive only)

  policy.xsl
    tk:view($n as node()) as xs:string
        'reading'    : shown in the reading text only   (corr, reg, expan inside a choice; the base
                       reading of an app: lem, else its first rdg)
        'diplomatic' : shown in the diplomatic text only (sic, orig, abbr, surplus, fw, del,
                       lb as a line break, the hyphen of lb[@break='no'][@rend='hyphen'])
        'apparatus'  : not in the running text, only in the apparatus (rdg, rdgGrp, witDetail)
        'both'       : everything else (supplied, gap, unclear, add, pb, notes, ordinary text)
    tk:reading-child($choice as element()) as element()?     the child shown in the reading text
    tk:diplomatic-child($choice as element()) as element()?  the child shown in the diplomatic text
    tk:brackets($el as element()) as xs:string+   (open, close) for the reading text:
        supplied [ ]   gap [ ] (content from tk:gap-text)   unclear '' (?)   surplus { }
        add ⟨ ⟩   del ⟦ ⟧   anything else '' ''
    tk:gap-text($gap) as xs:string           '…' (the mark printed inside the brackets)
    tk:gap-description($gap) as xs:string    e.g. "3 characters lost", "text illegible"
    tk:describe($el as element()) as xs:string   a sentence describing an intervention
        (choice, supplied, gap, unclear, surplus, add, del) for titles / apparatus notes
    tk:agent($el as element()) as map(*)?   the header respStmt named by @resp:
        map{'id', 'name', 'resp', 'kind' ('editorial'|'authorial'|'translator'|'other')}
    tk:safe-url($u as xs:string?) as xs:string?   the URL if its scheme is http, https or
        mailto, or if it is relative; otherwise () (never javascript:, data:, vbscript: ...)
    tk:id($el as element()) as xs:string    xml:id, or a stable generated id (tkp-<path>)
    tk:person-key($el as element()) as xs:string?   'stalin' for ref="persons.xml#stalin"
    tk:doc-id($n as node()) as xs:string    the document id (root TEI/@xml:id, else 'doc')
    tk:title($n as node()) as xs:string     the document's main title (plain)
    tk:lb-hyphen($lb as element(lb)) as xs:string  '-' for lb[@break='no'][@rend='hyphen'], else ''

  notes.xsl
    tk:note-kind($note) as xs:string   'authorial' | 'translator' | 'editorial'
        (from @type, else from @resp: #…-ed editorial, #…-trl translator, else authorial)
    tk:note-place($note) as xs:string  'inline' | 'foot' | 'end' | 'margin'
    tk:note-scope($n as node()) as node()   the numbering unit: the nearest ancestor div
        holding a div[@type='notes'] (a chapter with end notes), else the text
    tk:note-number($note) as xs:string  @n if present, else '' for unnumbered notes (inline,
        apparatus notes), else the position of the note
        among the numbered notes (not inline) of its scope
    tk:note-call($note) as element()?   the ref[@type='noteref'] pointing at the note
    tk:call-note($ref) as element()?    the note a ref[@type='noteref'] points at
    tk:note-in-place($note) as xs:boolean   a numbered note standing where it is called
        (no separate call): the format prints the call mark at the note's position
    tk:notes-in-scope($scope as node()) as element(note)*   numbered notes of a unit, in order

  apparatus.xsl
    tk:witnesses($root as node()) as map(*)*  map{'id','siglum','label'} for each listWit/witness
    tk:wit-tokens($el as element()) as xs:string*   @wit tokens without '#', 'file#' prefix
    tk:app-base($app as element(app)) as element()?   lem, else the first rdg
    tk:app-entries($root as node()) as map(*)*   one map per app, in document order:
        map{'id', 'app' (element), 'type', 'lemma' (plain text), 'lem' (element or ()),
            'lem-wit' (xs:string*), 'targets' (xs:string*: ids pointed at by @source/@corresp
            of app, lem and rdg, '#' stripped), 'readings': array of
            map{'node','text','wit','type','cause','is-lem' as xs:boolean}}
    tk:witness-reading($app, $wit as xs:string) as element()?  the lem/rdg a witness reads
        (falls back to tk:app-base when the witness is not named)

  labels.xsl
    tk:label($key as xs:string) as xs:string   fixed user-facing strings ('notes', ...)

  plain.xsl
    mode tk:plain   plain text of any node.  Tunnel params (optional):
        $tk:view     as xs:string  ('reading' default | 'diplomatic')
        $tk:brackets as xs:boolean (true default: editorial brackets printed)
        $tk:witness  as xs:string  ('' default: the base text; else a witness id)
      Foot/end notes and their calls are left out; inline notes (source text) kept.
    tk:plain($n as node()*) as xs:string               reading text, space-normalised
    tk:plain($n as node()*, $view as xs:string) as xs:string
    tk:search-text($n as node()*) as xs:string          reading text without brackets
    tk:witness-text($n as node()*, $wit as xs:string) as xs:string
                                                        reading text as witness $wit reads every app

  No stylesheet parameters are declared here: formats declare their own, once.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tk="https://teikit.org/ns"
    xmlns:tkp="https://teikit.org/ns/private"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="policy.xsl"/>
  <xsl:include href="notes.xsl"/>
  <xsl:include href="apparatus.xsl"/>
  <xsl:include href="labels.xsl"/>
  <xsl:include href="plain.xsl"/>

</xsl:stylesheet>
