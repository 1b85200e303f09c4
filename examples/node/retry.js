// A small retrying fetch: the kind of client code the tests in this
// directory check against statuskit.

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const month = months.join('|');
// The three HTTP-date formats a recipient MUST accept (RFC 9110, 5.6.7).
const imfFixdate = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) (${month}) (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$`);
const rfc850Date = new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-(${month})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) GMT$`);
const asctimeDate = new RegExp(`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${month}) ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})$`);

/**
 * Parses an HTTP-date (RFC 9110, 5.6.7) into milliseconds since the epoch,
 * or NaN. Date.parse alone will not do: it reads "-1" as the year -1 and
 * an asctime date in local time.
 */
export function parseHTTPDate(value, now = Date.now()) {
  let day, mon, year, h, m, s, match;
  if ((match = imfFixdate.exec(value))) {
    [, day, mon, year, h, m, s] = match;
  } else if ((match = rfc850Date.exec(value))) {
    [, day, mon, year, h, m, s] = match;
    // A two-digit year more than 50 years ahead is in the past century.
    const thisYear = new Date(now).getUTCFullYear();
    year = Math.floor(thisYear / 100) * 100 + Number(year);
    if (year > thisYear + 50) year -= 100;
  } else if ((match = asctimeDate.exec(value))) {
    [, mon, day, h, m, s, year] = match;
  } else {
    return NaN;
  }
  const fields = [Number(year), months.indexOf(mon), Number(day), Number(h), Number(m), Number(s)];
  const ms = Date.UTC(...fields);
  const d = new Date(ms);
  // Date.UTC rolls 31 Feb over into March; a real date comes back unchanged.
  const back = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  return back.every((v, i) => v === fields[i]) ? ms : NaN;
}

/**
 * Reads a Retry-After field value (RFC 9110, 10.2.3), delta-seconds
 * ("120") or an HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT"), as the
 * milliseconds to wait from `now`. A date in the past means 0; no field
 * means `defaultMs`. Throws on a value that is neither, or that asks for
 * more than `maxMs`, so a bad server cannot hang the client.
 */
export function retryAfterMs(value, { now = Date.now(), defaultMs = 100, maxMs = 10_000 } = {}) {
  if (value === null || value === undefined || value === '') return defaultMs;
  let ms;
  if (/^[0-9]+$/.test(value)) {
    ms = Number(value) * 1000;
  } else {
    const date = parseHTTPDate(value, now);
    if (Number.isNaN(date)) {
      throw new Error(`Retry-After ${JSON.stringify(value)} is neither delta-seconds (120) nor an HTTP-date (Sun, 06 Nov 1994 08:49:37 GMT)`);
    }
    ms = Math.max(0, date - now);
  }
  if (ms > maxMs) {
    throw new Error(`Retry-After ${JSON.stringify(value)} asks for ${ms} ms, more than the ${maxMs} ms this client waits`);
  }
  return ms;
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * fetch(url, init), sent again while the answer's status is one of
 * `statuses` (429 and 503 by default), each time after the Retry-After
 * the answer carried, at most `tries` times in all. Resolves to
 * { response, waits }: the last response and the waits in ms, one per
 * retry. `init` must not hold a body stream, which cannot be sent twice.
 */
export async function fetchWithRetry(url, { init = {}, tries = 3, statuses = [429, 503], defaultMs, maxMs } = {}) {
  const waits = [];
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, init);
    if (attempt >= tries || !statuses.includes(response.status)) return { response, waits };
    const wait = retryAfterMs(response.headers.get('retry-after'), { defaultMs, maxMs });
    // Read the content to the end so the connection is reused.
    await response.arrayBuffer();
    waits.push(wait);
    await sleep(wait);
  }
}
