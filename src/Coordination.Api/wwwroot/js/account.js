// Every signed-in person: who they are, and changing their own password (a one-time password first of all).
import { ApiError, currentSession, districtName, expiresAt, h, keepSession, problemText, t, toast } from './core.js';
import { answerLost, field, input, submitting } from './forms.js';
import { section } from './shared.js';

const minimumLength = 12;

export async function show(main, { who }) {
  const saved = h('p', { class: 'saved', 'aria-live': 'polite' });
  const form = h('form', { class: 'grid-form' },
    field('current', t('account.current'), input({ type: 'password', autocomplete: 'current-password', required: true })),
    field('new', t('account.new'), input({ type: 'password', autocomplete: 'new-password', required: true })),
    field('repeat', t('account.repeat'), input({ type: 'password', autocomplete: 'new-password', required: true })),
    h('p', { class: 'hint' }, t('account.rule', { count: minimumLength })));
  const oneTime = who.mustChangePassword ? h('p', { class: 'form-message failed one-time', role: 'alert' }, t('account.mustChange')) : null;
  // append() would write a null as the text "null": the one-time notice goes in only when there is one
  main.append(...[h('h1', {}, t('account.title')), oneTime].filter(Boolean),
    section('me-title', t('account.me'), h('dl', { class: 'facts' },
      h('dt', {}, t('account.name')), h('dd', {}, who.name ?? '–'),
      h('dt', {}, t('account.email')), h('dd', {}, who.email ?? '–'),
      h('dt', {}, t('account.role')), h('dd', {}, t(`role.${who.role}`)),
      who.district ? [h('dt', {}, t('account.district')), h('dd', {}, `${districtName(who.district)} (${who.district})`)] : null)),
    section('password-title', t('account.password'), saved, submitting(form, {
      submitText: t('account.change'),
      build: values => {
        saved.textContent = '';
        // Refused in the page before sending, and shown as the API's refusals are: beside the field.
        if (values.new.length < minimumLength) throw new ApiError(400, { errors: { new: [t('account.tooShort', { count: minimumLength })] } });
        if (values.new !== values.repeat) throw new ApiError(400, { errors: { repeat: [t('account.notSame')] } });
        return { path: '/api/account/password', body: { current: values.current, new: values.new } };
      },
      // A change whose answer was lost may have been made, and then ended this session's tokens: the retry may meet the
      // sign-in page, which then says to use the new password (the old one would be refused).
      failed: (error, f) => {
        if (!answerLost(error)) return;
        sessionStorage.setItem('desk.passwordMaybeChanged', '1');
        f.querySelector('.form-message').textContent = `${problemText(error)} ${t('account.lostAnswer')}`;
      },
      // The change ends every token issued before, this session's too: it goes on with the new ones the answer carries.
      done: tokens => {
        sessionStorage.removeItem('desk.passwordMaybeChanged');
        // a one-time password replaced: who they are is asked again, and every page opens
        const me = currentSession()?.me?.mustChangePassword ? undefined : currentSession()?.me;
        keepSession({ ...currentSession(), me, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? null, expiresAt: expiresAt(tokens) });
        if (oneTime) { oneTime.remove(); window.dispatchEvent(new Event('desk:me-changed')); }
        form.reset();
        saved.textContent = t('account.changed');
        toast(t('account.changed'));
      }
    })));
}
