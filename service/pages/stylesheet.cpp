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
)css";
}

}  // namespace tnt::pages
