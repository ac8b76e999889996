// The month cockpit's requests that are not JSON: file uploads (a CSV or an .xlsx, as multipart) and downloads.
// Both carry the Bearer token in a header, never in a URL: a download is fetched, kept as a blob and handed to the
// browser through an object URL. A 401 signs out, as every request of the pages does (js/api.js).
import { errorText, session, signOut } from './api.js';
import { langTag } from './i18n.js';

function headers() {
  const h = { Accept: 'application/json', 'Accept-Language': langTag() };
  const { token } = session();
  if (token) h.Authorization = `Bearer ${token}`;
  return h;
}

async function answer(res) {
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  return { ok: res.ok, status: res.status, data, error: res.ok ? null : errorText(data, res.status) };
}

/** POSTs `file` as the multipart field `file`; resolves to {ok, status, data, error} like api(). */
export async function upload(path, file) {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(path, { method: 'POST', headers: headers(), body: form });
  if (res.status === 401) {
    signOut();
    throw new Error('signed out');
  }
  return answer(res);
}

/** The file name a download names in Content-Disposition, or `fallback`. */
function fileNameOf(res, fallback) {
  const m = /filename="?([^";]+)"?/i.exec(res.headers.get('Content-Disposition') ?? '');
  return m ? m[1] : fallback;
}

/**
 * Downloads `path` with the token and saves it as a file (an anchor with `download` on an object URL).
 * Resolves to {ok, error, fileName}; an API refusal (409: not closed yet…) comes back as its message.
 */
export async function download(path, fallbackName) {
  const res = await fetch(path, { headers: { ...headers(), Accept: '*/*' } });
  if (res.status === 401) {
    signOut();
    throw new Error('signed out');
  }
  if (!res.ok) {
    const r = await answer(res);
    return { ok: false, error: r.error };
  }
  const blob = await res.blob();
  const fileName = fileNameOf(res, fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken the file once the click is handled; the URL is freed a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return { ok: true, error: null, fileName };
}
