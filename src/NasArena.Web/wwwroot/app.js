// The few things the pages ask the browser directly. Kept tiny: every page works from its server-rendered HTML.
window.nasarena = {
  // The viewer's IANA time zone, so dates can be shown in it next to UTC.
  timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone || null,
};

// The account menu's sign-out form (AccountMenu.razor): a page shared between signed-in viewers carries no antiforgery
// token of theirs (ADR 0037), so a fresh one is fetched for this browser's session when the form is sent.
document.addEventListener('submit', async (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains('nasarena-menu-form') || form.dataset.tokenFetched) return;
  e.preventDefault();
  const answer = await fetch('/api/v1/account/antiforgery', { credentials: 'same-origin' });
  const { token } = await answer.json();
  let input = form.querySelector('input[name="__RequestVerificationToken"]');
  if (!input) {
    input = document.createElement('input');
    input.type = 'hidden';
    input.name = '__RequestVerificationToken';
    form.appendChild(input);
  }
  input.value = token;
  form.dataset.tokenFetched = 'true';
  form.submit();
}, true);
