// Browser test of the respondents' pages and the pilots' dashboard, against a running tnt-forms (run.sh
// starts it): Debian's Chromium through playwright-core fills and submits each programme form — first empty,
// to see the error summary, then corrected — until the receipt; axe must report zero violations on every
// page; screenshots at 1280 and 375 px go to tests/browser/screenshots/ (not committed: look at them).
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import AxeBuilderModule from '@axe-core/playwright';

const AxeBuilder = AxeBuilderModule.default ?? AxeBuilderModule;
const base = process.env.TNT_BASE_URL;
const token = process.env.TNT_PILOT_TOKEN;
const shots = process.env.TNT_SCREENSHOTS;
assert.ok(base && token && shots, 'TNT_BASE_URL, TNT_PILOT_TOKEN and TNT_SCREENSHOTS are set by run.sh');
mkdirSync(shots, { recursive: true });

// An invitation's links, written as the service writes them: its public id and 64 bits of HMAC-SHA-256 under
// the key, for the link's purpose (service/submission/signed_secrets.cpp).
const invitations = (process.env.TNT_INVITATIONS ?? '').trim().split(/\s+/).filter(Boolean);
const signed = (purpose, id) =>
  id + createHmac('sha256', process.env.TNT_SECRET_KEY).update(`${purpose}:${id}`).digest('hex').slice(0, 16);
const forms = ['sensibilisation-elus', 'inscription-groupes-projets', 'satisfaction-agenda'];
let passed = 0;
let failed = 0;
const axeReport = [];

async function step(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(error?.stack ?? error).split('\n').join('\n     ')}`);
  }
}

async function axe(page, label) {
  const results = await new AxeBuilder({ page }).analyze();
  axeReport.push(`${label}: ${results.violations.length} violation(s), ${results.passes.length} rules passed`);
  const details = results.violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n       ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n       ')}`)
    .join('\n     ');
  assert.equal(results.violations.length, 0, `axe on ${label}:\n     ${details}`);
}

async function screenshots(page, name) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

// Answers every question the way a person would, by type: the first option of each group (so the questions
// shown "si vous avez répondu Oui" are answered too), a real value in each text field.
async function fillEverything(page, variant) {
  const fields = await page.$$eval('form[method="post"] input, form[method="post"] select, form[method="post"] textarea',
    (elements) => elements.map((e) => ({ tag: e.tagName.toLowerCase(), type: e.type, name: e.name, id: e.id })));
  const groupsDone = new Set();
  for (const field of fields) {
    if (!field.name || field.name.startsWith('_') || field.type === 'hidden' || field.name.endsWith('.autre')) continue;
    const control = page.locator(`[id="${field.id}"]`);
    if (field.type === 'radio' || field.type === 'checkbox') {
      if (groupsDone.has(field.name)) continue;
      groupsDone.add(field.name);
      // A step shown again with its answers (a draft resumed, "Précédent") keeps them.
      if (await page.locator(`form[method="post"] input[name="${field.name}"]:checked`).count() > 0) continue;
      await page.locator(`label[for="${field.id}"]`).click();
      assert.ok(await control.isChecked(), `${field.id} is ticked by a click on its label`);
    } else if (field.tag === 'select') {
      const values = await control.locator('option').evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
      await control.selectOption(values[Math.min(1, values.length - 1)]);
    } else if (field.type === 'email') {
      await control.fill(`camille.martin+${variant}@exemple.fr`);
    } else if (field.type === 'tel') {
      await control.fill('01 23 45 67 89');
    } else if (field.type === 'number') {
      await control.fill('3');
    } else if (field.type === 'date') {
      await control.fill('2027-01-15');
    } else if (field.tag === 'textarea') {
      await control.fill('Des fiches pratiques « prêtes à l\'emploi » & des exemples <concrets>.');
    } else {
      await control.fill('Camille Martin');
    }
  }
}

// Presses the form's main button: the only one of a single page, "Suivant" or "Envoyer" on a step (the
// first button, the one the Enter key presses).
async function submit(page) {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.locator('form[method="post"] button[type="submit"]').first().click(),
  ]);
  return response;
}

// "Étape 2 sur 4" of a step-by-step page, or null on a single page.
async function stepOf(page) {
  const state = page.locator('.fr-stepper__state');
  if (await state.count() === 0) return null;
  return (await state.textContent()).trim();
}

// Fills every step and presses its main button until the receipt; `check` runs on each step first (axe,
// screenshots). Returns how many steps were filled.
async function completeSteps(page, variant, check = async () => {}) {
  for (let n = 1; n <= 12; n += 1) {
    if (/\/merci\//.test(page.url())) return n - 1;
    await check(n);
    await fillEverything(page, variant);
    const response = await submit(page);
    if (response.status() !== 200) {
      const summary = await page.locator('#resume-erreurs').textContent({ timeout: 1000 }).catch(() => '');
      assert.fail(`step ${n}: status ${response.status()}: ${summary}`);
    }
  }
  assert.fail('no receipt after 12 steps');
}

// One step with the keyboard only: Tab from field to field, Space on the first radio or checkbox of a
// group, a letter in a text field, the arrow on a list, Enter on the step's main button.
async function keyboardStep(page, variant) {
  const done = new Set();
  for (let i = 0; i < 400; i += 1) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      return { tag: e.tagName.toLowerCase(), type: e.type ?? '', name: e.name ?? '', value: e.value ?? '',
        inForm: !!e.closest('form[method="post"]') };
    });
    if (!f.inForm) continue;
    if (f.tag === 'button') {
      if (f.value === 'suivant' || f.value === 'envoyer') {
        const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
        return response;
      }
      continue;
    }
    if (done.has(f.name) || f.name.endsWith('.autre')) continue;
    done.add(f.name);
    if (f.type === 'radio' || f.type === 'checkbox') await page.keyboard.press('Space');
    else if (f.tag === 'select') await page.keyboard.press('ArrowDown');
    else if (f.type === 'email') await page.keyboard.type(`clavier+${variant}@exemple.fr`);
    else if (f.type === 'tel') await page.keyboard.type('0123456789');
    else if (f.type === 'number') await page.keyboard.type('3');
    else if (f.type === 'date') await page.keyboard.type('15012027');
    else await page.keyboard.type('Au clavier');
  }
  assert.fail('the main button was never reached with Tab');
}

const browser = await chromium.launch({
  executablePath: process.env.TNT_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    // Containers often have a tiny /dev/shm, where Chromium's renderers then crash.
    '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
const page = await context.newPage();
const consoleErrors = [];
// Pages answered 400/401/403/409/410/422 on purpose are logged by Chromium as failed loads: not errors here.
page.on('console', (message) => {
  if (message.type() === 'error' && !/status of (400|401|403|409|410|422) /.test(message.text())) consoleErrors.push(message.text());
});
page.on('response', (response) => {
  if (response.request().resourceType() !== 'document' && response.status() >= 400) {
    consoleErrors.push(`${response.status()} ${response.url()}`);
  }
});
page.on('pageerror', (error) => consoleErrors.push(String(error)));

try {
  await step('index lists the open forms', async () => {
    const response = await page.goto(`${base}/`);
    assert.equal(response.status(), 200);
    for (const slug of forms) assert.equal(await page.locator(`a[href="/f/${slug}"]`).count(), 1, slug);
    await axe(page, 'index');
    await screenshots(page, 'index');
  });

  await step('footer: the legal pages, reached from the footer, are accessible', async () => {
    const legal = [
      ['/accessibilite', /^Accessibilité : (non|partiellement|totalement) conforme$/, "Déclaration d'accessibilité", 'accessibilite'],
      ['/mentions-legales', /^Mentions légales$/, 'Mentions légales', 'mentions-legales'],
      ['/donnees-personnelles', /^Données personnelles$/, 'Données personnelles', 'donnees-personnelles'],
      ['/cookies', /^Gestion des cookies$/, 'Gestion des cookies', 'cookies'],
    ];
    for (const [path, linkText, heading, shot] of legal) {
      await page.goto(`${base}/`);
      const link = page.locator(`footer .fr-footer__bottom-list a[href="${path}"]`);
      assert.equal(await link.count(), 1, `the footer links ${path}`);
      assert.match((await link.textContent()).replace(/\u00a0/g, ' ').trim(), linkText);
      const [response] = await Promise.all([page.waitForNavigation(), link.click()]);
      assert.equal(response.status(), 200, path);
      const h1 = (await page.locator('h1').textContent()).replace(/\u00a0/g, ' ');
      assert.equal(h1, heading);
      assert.ok(await page.locator('a[href^="mailto:"]').count() > 0, `${path} gives the contact address`);
      await axe(page, `legal page ${path}`);
      await screenshots(page, `legal-${shot}`);
    }
    await page.goto(`${base}/donnees-personnelles`);
    assert.equal(await page.locator('main h3').count(), forms.length, 'one section per form on the personal data page');
  });

  for (const [index, slug] of forms.entries()) {
    await step(`${slug}: the page is accessible and styled by the DSFR`, async () => {
      const response = await page.goto(`${base}/f/${slug}`);
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/);
      const font = await page.locator('body').evaluate((b) => getComputedStyle(b).fontFamily);
      assert.match(font, /Marianne/, 'the DSFR stylesheet is applied');
      await axe(page, `${slug} form`);
      await screenshots(page, `${slug}-formulaire`);
    });

    await step(`${slug}: empty → error summary → corrected → receipt, every step accessible at 1280 and 375 px`, async () => {
      await page.goto(`${base}/f/${slug}`);
      assert.match(await stepOf(page), /^Étape 1 sur [2-9]$/);
      const errorResponse = await submit(page);
      assert.equal(errorResponse.status(), 422);
      assert.match(await page.title(), /^Erreur\s: /);  // a no-break space before the colon
      const summary = page.locator('#resume-erreurs');
      await summary.waitFor();
      assert.equal(await summary.getAttribute('role'), 'alert');
      const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(links.length > 0, 'the summary lists the errors');
      for (const href of links) {
        const target = page.locator(`[id="${href.slice(1)}"]`);
        assert.equal(await target.count(), 1, `${href} points at one field`);
        assert.equal(await target.getAttribute('aria-invalid'), 'true', `${href} is marked invalid`);
        const described = (await target.getAttribute('aria-describedby')) ?? '';
        assert.match(described, /-erreur/, `${href} is described by its error`);
      }
      await axe(page, `${slug} errors`);
      await screenshots(page, `${slug}-erreurs`);
      await page.locator(`#resume-erreurs a`).first().click();
      assert.ok(page.url().endsWith(links[0]), 'the first link goes to its field');

      const steps = await completeSteps(page, `${index}a`, async (n) => {
        assert.match(await stepOf(page), new RegExp(`^Étape ${n} sur`));
        await axe(page, `${slug} step ${n}`);
        await screenshots(page, `${slug}-etape-${n}`);
      });
      assert.ok(steps >= 2, 'the form is answered in several steps');
      // The address carries the receipt secret; the page shows the response number, grouped by four.
      assert.match(page.url(), new RegExp(`/f/${slug}/merci/[0-9a-f]{40}$`));
      const id = (await page.locator('.tnt-receipt-id').textContent()).trim();
      assert.match(id, /^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
      assert.ok(!page.url().includes(id.replaceAll('-', '')), 'the number is not the receipt link');
      await axe(page, `${slug} receipt`);
      await screenshots(page, `${slug}-recu`);
    });

    await step(`${slug}: filled step by step, saved and resumed from its link, → receipt`, async () => {
      await page.goto(`${base}/f/${slug}`);
      await fillEverything(page, `${index}b`);
      await submit(page);
      assert.match(await stepOf(page), /^Étape 2 sur/);
      // "Enregistrer et reprendre plus tard": the page with the personal link, which resumes at step 2.
      await Promise.all([page.waitForNavigation(), page.locator('button[value="enregistrer"]').click()]);
      assert.match(page.url(), /\/reprendre\/[0-9a-f]{48}\/enregistre$/);
      const link = await page.locator('.tnt-resume-link a').getAttribute('href');
      await axe(page, `${slug} saved for later`);
      await screenshots(page, `${slug}-enregistre`);
      await page.goto(`${base}/`);
      await page.goto(`${base}${link}`);
      assert.match(await stepOf(page), /^Étape 2 sur/);
      // "Précédent" shows step 1 with what was typed there.
      await Promise.all([page.waitForNavigation(), page.locator('button[value="precedent"]').click()]);
      assert.match(await stepOf(page), /^Étape 1 sur/);
      const email = page.locator('form[method="post"] input[type="email"]');
      if (await email.count() > 0) assert.equal(await email.first().inputValue(), `camille.martin+${index}b@exemple.fr`);
      await completeSteps(page, `${index}b`);
      assert.match(page.url(), /\/merci\//);
    });
  }

  await step('pilot dashboard: login, forms, figures, downloads, logout', async () => {
    let response = await page.goto(`${base}/pilote/`);
    assert.equal(response.status(), 200);
    await axe(page, 'pilot login');
    await screenshots(page, 'pilote-connexion');

    await page.locator('#jeton').fill('tnt_faux');
    response = await submit(page);
    assert.equal(response.status(), 401);
    await axe(page, 'pilot login error');

    await page.locator('#jeton').fill(token);
    response = await submit(page);
    assert.equal(response.status(), 200);
    assert.match(page.url(), /\/pilote\/formulaires$/);
    const cookies = await context.cookies();
    const cookie = cookies.find((c) => c.name === 'tnt_pilote');
    assert.ok(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', 'HttpOnly, SameSite=Strict cookie');
    assert.match(cookie.value, /^[A-Za-z0-9]{43}$/, 'the cookie holds a session id');
    assert.ok(!cookie.value.includes(token) && !token.includes(cookie.value), 'never the token itself');
    for (const slug of forms) {
      const row = page.locator('tr', { has: page.locator(`a[href="/pilote/formulaires/${slug}"]`) });
      assert.equal((await row.locator('td').last().textContent()).trim(), '2', `${slug} has its two responses`);
    }
    await axe(page, 'pilot forms');
    await screenshots(page, 'pilote-formulaires');

    for (const slug of forms) {
      response = await page.goto(`${base}/pilote/formulaires/${slug}`);
      assert.equal(response.status(), 200);
      assert.ok(await page.locator('svg[role="img"]').count() > 0, 'bar charts are drawn');
      await axe(page, `pilot dashboard ${slug}`);
      await screenshots(page, `pilote-${slug}`);
      const csv = await page.request.get(`${base}/api/v1/forms/${slug}/responses.csv?dialect=excel`);
      assert.equal(csv.status(), 200);
      const bytes = await csv.body();
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the Excel CSV starts with a BOM');
      const stats = await page.request.get(`${base}/api/v1/forms/${slug}/stats`);
      assert.equal((await stats.json()).responses, 2);
      // The workbooks behind the two buttons: ZIP archives ("PK"), the ODS with its mimetype first.
      for (const [button, type] of [['Télécharger (Excel)', 'spreadsheetml'], ['Télécharger (LibreOffice)', 'opendocument']]) {
        const href = await page.locator('a.fr-btn', { hasText: button }).getAttribute('href');
        const file = await page.request.get(`${base}${href}`);
        assert.equal(file.status(), 200, button);
        assert.match(file.headers()['content-type'], new RegExp(type), button);
        assert.deepEqual([...(await file.body()).subarray(0, 2)], [0x50, 0x4b], `${button}: a ZIP`);
      }
    }

    // The filters: the page and its download links show the chosen days only.
    const slug = forms[forms.length - 1];
    await page.goto(`${base}/pilote/formulaires/${slug}`);
    await page.fill('#filtre-du', '2020-01-01');
    await page.fill('#filtre-au', '2020-01-31');
    await page.locator('form.tnt-filters button[type="submit"]').click();
    await page.waitForURL(/from=2020-01-01/);
    assert.match(await page.locator('.fr-text--lead').textContent(), /^0 réponse/, 'no response in January 2020');
    assert.match(await page.locator('a.fr-btn', { hasText: 'Télécharger (Excel)' }).getAttribute('href'),
                 /responses\.xlsx\?labels=text&from=2020-01-01&to=2020-01-31$/);
    await axe(page, 'pilot dashboard filtered');
    await screenshots(page, 'pilote-filtres');
    response = await page.goto(`${base}/pilote/formulaires/${slug}?from=2020-02-01&to=2020-01-01`);
    assert.equal(response.status(), 422, 'a period that ends before it starts');
    assert.match(await page.locator('main h1 + p').textContent(), /«\sAu\s»\s:\sLa fin de la période précède son début/);

    await page.goto(`${base}/pilote/formulaires/${slug}`);
    const downloadLink = await page.locator('a.fr-btn', { hasText: 'Télécharger (Excel)' }).getAttribute('href');

    await page.locator('form[action="/pilote/deconnexion"] button').first().click();
    await page.waitForURL(/\/pilote\/?$/);
    response = await page.goto(`${base}/pilote/formulaires`);
    assert.equal(response.status(), 401, 'signed out');

    // A download link followed once the session is over leads to the login page, not to raw JSON.
    response = await page.goto(`${base}${downloadLink}`);
    assert.equal(response.status(), 200);
    assert.match(page.url(), /\/pilote\?session=expiree$/);
    assert.match(await page.locator('.fr-alert--info').textContent(), /Votre session a pris fin/);
    await axe(page, 'pilot session ended');
    await screenshots(page, 'pilote-session-terminee');
  });

  // The shipped catalogue has a group with places left (GP9, 40), a two-place workshop with a waitlist (GP10)
  // and a group whose registrations closed on 30 November 2026 (GP11): GP10 is filled (after the dashboard's
  // counts) through the API and a third person joins its waitlist; the form then shows the three states, the
  // full group can still be ticked (for its waitlist), the closed one cannot, and the pages stay accessible.
  await step('sensibilisation-elus: completed with the keyboard only, every step', async () => {
    await page.goto(`${base}/f/sensibilisation-elus`);
    await page.locator('h1').click();  // the focus starts in the page, before the form
    for (let n = 1; n <= 12 && !/\/merci\//.test(page.url()); n += 1) {
      const response = await keyboardStep(page, `k${n}`);
      if (response.status() !== 200) {
        assert.fail(`step ${n}: ${await page.locator('#resume-erreurs').textContent({ timeout: 1000 }).catch(() => '')}`);
      }
    }
    assert.match(page.url(), /\/merci\//, 'the receipt is reached with the keyboard alone');
  });

  await step('sensibilisation-elus: completed with JavaScript disabled', async () => {
    const noScript = await browser.newContext({ viewport: { width: 375, height: 900 }, locale: 'fr-FR', javaScriptEnabled: false });
    const p = await noScript.newPage();
    try {
      await p.goto(`${base}/f/sensibilisation-elus`);
      assert.equal(await p.evaluate(() => 1).catch(() => 'no script'), 1, 'Playwright still reads the page');
      const steps = await completeSteps(p, 'sans-js');
      assert.ok(steps >= 2);
      assert.match(p.url(), /\/merci\//);
    } finally {
      await noScript.close();
    }
  });

  await step('inscription-groupes-projets: places left, a full group with its waitlist and a closed group', async () => {
    let third = null;
    for (const n of [1, 2, 3]) {
      const answers = {
        prenom: 'Claire', nom: `Atelier ${n}`, email: `atelier${n}@agglo-exemple.fr`, structure: 'Agglo exemple',
        type_structure: 'epci', role: 'agent', fonction: 'Archiviste', departement: '16', groupes: ['GP10'],
        consentement: 'on',
      };
      const response = await fetch(`${base}/api/v1/forms/inscription-groupes-projets/responses`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ answers }),
      });
      assert.equal(response.status, 201, await response.clone().text());
      const body = await response.json();
      assert.equal(body.registrations[0].group, 'GP10');
      assert.equal(body.registrations[0].state, n <= 2 ? 'registered' : 'waitlisted');
      if (n === 3) {
        assert.equal(body.registrations[0].position, 1);
        third = body;
      }
    }
    // The places are read from the capacity counters every second.
    // The groups are on the form's last step: reached through a draft made by the API.
    const draft = await (await fetch(`${base}/api/v1/forms/inscription-groupes-projets/drafts`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ answers: {} }),
    })).json();
    const groupsStep = `${draft.resume_url}?etape=3`;
    let full = '';
    for (let attempt = 0; attempt < 40 && !/liste d.attente \(1 personne/.test(full); attempt += 1) {
      if (attempt > 0) await page.waitForTimeout(250);
      await page.goto(`${base}${groupsStep}`);
      full = await page.locator('label[for="q-groupes-GP10"]').textContent();
    }
    assert.match(full, /Complet — liste d.attente \(1 personne inscrite\)/);
    assert.ok(!(await page.locator('#q-groupes-GP10').isDisabled()), 'a full group with a waitlist can be ticked');
    const closed = await page.locator('label[for="q-groupes-GP11"]').textContent();
    assert.match(closed, /Inscriptions closes depuis le 30\snovembre 2026/);
    assert.ok(await page.locator('#q-groupes-GP11').isDisabled(), 'a closed group cannot be ticked');
    assert.match(await page.locator('label[for="q-groupes-GP9"]').textContent(), /40 places restantes/);
    assert.ok(!(await page.locator('#q-groupes-GP9').isDisabled()), 'a group with places can be ticked');
    await axe(page, 'registration form with places, full and closed groups');
    await screenshots(page, 'inscription-groupes-projets-places');
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.locator('#q-groupes').screenshot({ path: join(shots, `inscription-groupes-projets-groupes-${width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // The third person's receipt says their place in line and lets them leave the list.
    await page.goto(`${base}${third.receipt_url}`);
    const placement = page.locator('li[data-group="GP10"] .tnt-placement');
    assert.match(await placement.textContent(), /Vous êtes 1re sur la liste d.attente du groupe GP10/);
    await axe(page, 'receipt with a waitlisted group');
    await screenshots(page, 'recepisse-liste-attente');
    await Promise.all([page.waitForNavigation(), page.locator('li[data-group="GP10"] button').click()]);
    assert.match(await page.locator('li[data-group="GP10"] .tnt-placement').textContent(), /Vous avez quitté ce groupe/);
  });

  // Issue 18: the dashboard a pilot works from. 55 more agents join GP1 through the API, so the registrants'
  // list has two pages; the satisfaction survey's free-text answers (filled above) are searched; each chart's
  // table opens under it (<details>, no JavaScript) and the table of contents leads to the sections.
  await step('pilot dashboard: contents, folded tables, registrants paged, free-text search', async () => {
    for (let n = 0; n < 55; n += 1) {
      const answers = {
        prenom: 'Agent', nom: `Numéro ${n}`, email: `agent${n}@commune-exemple.fr`, structure: `Commune n° ${n}`,
        type_structure: 'commune', role: 'agent', fonction: 'Chargé de mission', departement: '15', groupes: ['GP1'],
        consentement: 'on',
      };
      const response = await fetch(`${base}/api/v1/forms/inscription-groupes-projets/responses`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ answers }),
      });
      assert.equal(response.status, 201, await response.clone().text());
    }
    let response = await page.goto(`${base}/pilote/`);
    await page.locator('#jeton').fill(token);
    response = await submit(page);
    assert.equal(response.status(), 200);

    await page.goto(`${base}/pilote/formulaires/satisfaction-agenda`);
    const contents = page.locator('nav.fr-summary');
    assert.ok(await contents.isVisible(), 'a table of contents');
    await contents.locator('a[href="#reponses-par-question"]').click();
    assert.match(page.url(), /#reponses-par-question$/);
    const accordion = page.locator('details.tnt-accordion').first();
    assert.ok(!(await accordion.locator('table').isVisible()), 'a chart\'s table is folded');
    await accordion.locator('summary').click();
    assert.ok(await accordion.locator('table').isVisible(), 'and opens under its chart');
    // The NPS on its whole axis: eleven bars, 0 to 10.
    const nps = page.locator('section', { has: page.locator('h3', { hasText: 'recommandiez' }) });
    assert.equal(await nps.locator('details table tbody tr').count(), 11, 'NPS from 0 to 10');
    assert.ok(await page.locator('#graphique-reponses-dans-le-temps-titre').isVisible(), 'responses over time');
    await axe(page, 'pilot dashboard with a table opened');
    await screenshots(page, 'pilote-tableau-ouvert');

    // The latest answers on the dashboard, then all of them with a search blind to case and accents.
    const more = page.locator('a', { hasText: /Lire et chercher les \d+ réponse/ }).first();
    if (await more.count() > 0) await more.click();
    else await page.goto(`${base}/pilote/formulaires/satisfaction-agenda/textes/suggestion`);
    await page.waitForURL(/\/textes\/suggestion/);
    await page.fill('#recherche', 'PRETES A L\'EMPLOI');
    await Promise.all([page.waitForNavigation(), page.locator('form[role="search"] button').click()]);
    assert.match(page.url(), /q=PRETES/);
    assert.ok(await page.locator('li.tnt-answer').count() >= 1, 'the search finds « prêtes à l\'emploi »');
    assert.match(await page.locator('li.tnt-answer').first().textContent(), /exemples <concrets>/);
    await axe(page, 'free-text answers searched');
    await screenshots(page, 'pilote-reponses-libres');
    await page.fill('#recherche', 'introuvable-xyz');
    await Promise.all([page.waitForNavigation(), page.locator('form[role="search"] button').click()]);
    assert.match(await page.locator('main').textContent(), /Aucune réponse ne contient ce texte/);
    response = await page.goto(`${base}/pilote/formulaires/satisfaction-agenda/textes/suggestion?q=${'a'.repeat(201)}`);
    assert.equal(response.status(), 400, 'a search too long');
    await axe(page, 'free-text search refused');

    // The registrants: the latest on the dashboard, all of them 50 a page.
    await page.goto(`${base}/pilote/formulaires/inscription-groupes-projets`);
    assert.equal(await page.locator('#personnes-inscrites + p + .fr-table tbody tr').count(), 10, 'the ten latest');
    await page.locator('a', { hasText: /Voir les \d+ personnes inscrites/ }).click();
    await page.waitForURL(/\/inscrits/);
    assert.equal(await page.locator('.tnt-registrants tbody tr').count(), 50, 'a page of fifty');
    assert.match(await page.locator('.tnt-registrants tbody tr').first().textContent(), /Agent Numéro 54/);
    await axe(page, 'registrants, page 1');
    await screenshots(page, 'pilote-inscrits');
    await Promise.all([page.waitForNavigation(), page.locator('.fr-pagination a', { hasText: 'Page suivante' }).click()]);
    assert.match(page.url(), /page=2$/);
    assert.ok(await page.locator('.tnt-registrants tbody tr').count() >= 5, 'the rest on page 2');
    assert.equal(await page.locator('.fr-pagination [aria-current="page"]').textContent(), '2');
    await axe(page, 'registrants, page 2');
    response = await page.goto(`${base}/pilote/formulaires/inscription-groupes-projets/inscrits?page=zéro`);
    assert.equal(response.status(), 400, 'a page that is not a number');
    assert.match(await page.locator('main').textContent(), /Le numéro de page doit être un nombre entier/);
    await axe(page, 'registrants, bad page');
  });

  await step('invitation: the personal link fills in the commune and the mandate, participation, unsubscribe', async () => {
    assert.equal(invitations.length, 2, 'run.sh invited two people');
    let response = await page.goto(`${base}/f/sensibilisation-elus/invitation/${signed('invitation', invitations[0])}`);
    assert.equal(response.status(), 200);
    assert.equal(await stepOf(page), 'Étape 1 sur 5');
    await axe(page, 'invitation, first step');
    await screenshots(page, 'invitation-etape-1');
    await fillEverything(page, 0);
    await page.locator('button[value="enregistrer"]').click();
    await page.waitForURL(/\/enregistre/);
    const resume = page.url().replace(/\/enregistre.*$/, '');
    // The invitation's answers on the step of the mandate, département and commune.
    await page.goto(`${resume}?etape=4`);
    assert.equal(await page.locator('input[name="mandat"][value="maire"]').isChecked(), true, 'the mandate');
    assert.equal(await page.locator('select[name="departement"]').inputValue(), '2A', 'the département');
    assert.equal(await page.locator('input[name="commune"]').inputValue(), 'Ajaccio', 'the commune');
    await axe(page, 'invitation, the step it fills in');
    await screenshots(page, 'invitation-etape-4');
    // The personal link opened again resumes the draft.
    await page.goto(`${base}/f/sensibilisation-elus/invitation/${signed('invitation', invitations[0])}`);
    assert.match(page.url(), /\/reprendre\/[0-9a-f]{48}\?etape=/);

    response = await page.goto(`${base}/pilote/formulaires/sensibilisation-elus/participation`);
    assert.equal(response.status(), 200);
    assert.match(await page.locator('main').textContent(), /2 personnes invitées, 1 a commencé, 0 a répondu \(0 %\)/);
    assert.match(await page.locator('main').textContent(), /2A Corse-du-Sud/);
    await axe(page, 'participation');
    await screenshots(page, 'pilote-participation');

    response = await page.goto(`${base}/f/sensibilisation-elus/desinscription/${signed('unsubscribe', invitations[1])}`);
    assert.equal(response.status(), 200);
    await axe(page, 'unsubscribe');
    await screenshots(page, 'desinscription');
    response = await submit(page);
    assert.equal(response.status(), 200);
    assert.match(await page.locator('main').textContent(), /Vous ne recevrez plus de relance/);
  });

  await step('no script error, CSP violation or missing resource in any page', async () => {
    assert.deepEqual(consoleErrors, []);
  });
} finally {
  await browser.close();
}

console.log('\naxe:\n  ' + axeReport.join('\n  '));
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
