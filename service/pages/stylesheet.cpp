#include "service/pages/stylesheet.h"

namespace tnt::pages {

std::string_view stylesheet()
{
    return R"css(/* tnt-forms: additions to the DSFR */
.tnt-honeypot {
  position: absolute;
  left: -10000px;
  top: auto;
  width: 1px;
  height: 1px;
  overflow: hidden;
}
.tnt-required {
  color: var(--text-default-error, #ce0500);
}
.tnt-section {
  border: 0;
  margin: 0 0 2.5rem;
  padding: 0;
  min-width: 0;
}
.tnt-section__legend {
  padding: 0;
  margin-bottom: 1rem;
  width: 100%;
}
.tnt-section__legend h2 {
  margin-bottom: 0;
  padding-bottom: .5rem;
  border-bottom: 1px solid var(--border-default-grey, #ddd);
}
.tnt-question {
  margin-bottom: 2rem;
}
.fr-label + .tnt-hint {
  margin: .25rem 0 .5rem;
}
.tnt-other {
  margin-top: .5rem;
  margin-bottom: 0;
}
.tnt-receipt-groups {
  list-style: none;
  padding-left: 0;
}
.tnt-receipt-id {
  font-family: monospace;
  font-size: 1.125rem;
  white-space: nowrap;
}
.tnt-chart {
  max-width: 28rem;
  margin-bottom: 1rem;
}
.tnt-chart svg {
  display: block;
  width: 100%;
  height: auto;
}
.tnt-inline-form {
  display: inline;
}
.tnt-toolbar {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 1rem;
  margin-bottom: 1.5rem;
}
.tnt-figures .fr-table > table,
.fr-table.tnt-figures > table {
  display: table;
  width: 100%;
  max-width: 44rem;
}
.tnt-figures caption {
  font-size: 1rem;
  line-height: 1.5rem;
}
/* A chart's table folded under it: a <details> drawn as a DSFR accordion (whose own collapse needs JavaScript). */
details.tnt-accordion {
  color: inherit;
  font-size: 1rem;
  line-height: 1.5rem;
  margin: 0 0 1.5rem;
  max-width: 44rem;
  border-top: 1px solid var(--border-default-grey, #ddd);
  border-bottom: 1px solid var(--border-default-grey, #ddd);
}
details.tnt-accordion > summary {
  list-style: none;
  box-sizing: border-box;
}
details.tnt-accordion > summary::-webkit-details-marker {
  display: none;
}
details.tnt-accordion[open] > summary::after {
  transform: rotate(-180deg);
}
.tnt-accordion__body {
  padding: 0 1rem;
}
.tnt-accordion__body .fr-table {
  margin-bottom: 1rem;
}
/* Free-text answers as pilots read them: the respondent's line breaks kept. */
.tnt-answers {
  list-style: none;
  padding-left: 0;
  max-width: 44rem;
}
.tnt-answer {
  border-left: 4px solid var(--border-default-blue-france, #000091);
  padding: .25rem 0 .25rem 1rem;
  margin-bottom: 1rem;
}
.tnt-answer__text {
  white-space: pre-line;
  overflow-wrap: anywhere;
  margin-bottom: .25rem;
}
.tnt-answer__meta {
  font-size: .875rem;
  color: var(--text-mention-grey, #666);
  margin-bottom: 0;
}
/* Response numbers in lists and tables: monospace, never broken across lines. */
.tnt-number {
  font-family: monospace;
  white-space: nowrap;
}
.tnt-nowrap {
  white-space: nowrap;
}
/* The registrants' table uses the page's width from tablets up (on phones the DSFR table scrolls). */
@media (min-width: 48em) {
  .fr-table.tnt-registrants > table {
    display: table;
    width: 100%;
  }
}
.tnt-registrants caption {
  font-size: 1rem;
  line-height: 1.5rem;
}
/* The table of contents' questions in two columns on wide screens. */
@media (min-width: 62em) {
  .tnt-contents ol ol {
    column-count: 2;
    column-gap: 2rem;
  }
  .tnt-contents ol ol li {
    break-inside: avoid;
  }
}
/* The questions' charts side by side on wide screens: half the page's height. */
.tnt-questions {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 28rem), 1fr));
  column-gap: 3rem;
  align-items: start;
}
.tnt-questions > section {
  min-width: 0;
}
/* The search of the free-text answers: the field and its button on one line. */
.tnt-search {
  display: flex;
  gap: .5rem;
  align-items: flex-end;
  max-width: 44rem;
}
.tnt-search .fr-input {
  flex: 1 1 auto;
}
)css";
}

}  // namespace tnt::pages
