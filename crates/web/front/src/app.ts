// Sailau's only script. Every page works without it; it adds:
// - live regions: elements with class "live" and an id are refreshed from the server while the
//   page is open (results and turnout on election night), without moving the reader's focus;
// - the print button of a protocol;
// - live checks of a count as a commission member types it (forms with data-check): the
//   server computes the control relations, the script only shows its answer.

const REFRESH_SECONDS = 30;

function refreshLive(): void {
  const live = document.querySelectorAll<HTMLElement>(".live[id]");
  if (live.length === 0) return;
  const tick = async (): Promise<void> => {
    if (document.hidden) return;
    try {
      const response = await fetch(location.href, { headers: { Accept: "text/html" }, cache: "no-store" });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const el of Array.from(live)) {
        const next = fresh.getElementById(el.id);
        if (next && next.innerHTML !== el.innerHTML && !el.contains(document.activeElement)) {
          el.innerHTML = next.innerHTML;
        }
      }
    } catch {
      // Offline for a moment: the next tick tries again.
    }
  };
  window.setInterval(() => void tick(), REFRESH_SECONDS * 1000);
}

function printButtons(): void {
  for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>("button[data-action=print]"))) {
    b.addEventListener("click", () => window.print());
  }
}

/// A form with data-check="URL": while it is typed in, its fields are posted to URL, and the
/// answer (a fragment of HTML the server wrote) replaces the element data-check-into names.
function liveChecks(): void {
  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>("form[data-check]"))) {
    const url = form.dataset.check;
    const into = form.dataset.checkInto ? document.getElementById(form.dataset.checkInto) : null;
    if (!url || !into) continue;
    let timer: number | undefined;
    let sent = 0;
    const check = async (): Promise<void> => {
      const mine = ++sent;
      const body = new URLSearchParams();
      for (const [k, v] of new FormData(form)) {
        if (typeof v === "string") body.append(k, v);
      }
      try {
        const response = await fetch(url, { method: "POST", body, headers: { Accept: "text/html" } });
        if (mine === sent && response.ok) into.innerHTML = await response.text();
      } catch {
        // The checks run again on submit, on the server.
      }
    };
    form.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => void check(), 250);
    });
  }
}

refreshLive();
printButtons();
liveChecks();
