import { Dialog } from "@kobalte/core/dialog";
import { Tabs } from "@kobalte/core/tabs";
import { Toast, toaster } from "@kobalte/core/toast";
import { A, createAsync, useSearchParams } from "@solidjs/router";
import { createResource, createSignal, For, Match, Show, Suspense, Switch } from "solid-js";
import { Portal } from "solid-js/web";
import { AccountMenu } from "../components/AccountMenu";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { type Role, RoleSelect } from "../components/RoleSelect";
import { browserZone, keyState, parseExpiryDays, whenText } from "../lib/admin";
import { type AdminUser, type ApiKeyInfo, adminApi, describeError, getMe } from "../lib/api";

/** Shows a short confirmation in the toast region (Kobalte toast). */
function notify(text: string): void {
  toaster.show((p) => (
    <Toast toastId={p.toastId} class="tl-toast" data-testid="toast">
      <Toast.Description>{text}</Toast.Description>
      <Toast.CloseButton class="tl-button tl-button--quiet tl-button--small" aria-label="Dismiss">
        ×
      </Toast.CloseButton>
    </Toast>
  ));
}

/** An action's failure: the API's message (e.g. the last admin cannot be removed), in an alert. */
function ErrorLine(props: { error: string | undefined; testid: string }) {
  return (
    <Show when={props.error}>
      {(message) => (
        <p class="tl-error" role="alert" data-testid={props.testid}>
          {message()}
        </p>
      )}
    </Show>
  );
}

/** Users: the list with role, status and last sign-in; add, change role, disable/enable, delete. */
function UsersPanel(props: { myId: string | undefined }) {
  const zone = browserZone();
  const [users, { refetch }] = createResource(() => adminApi.listUsers());
  const [error, setError] = createSignal<string>();
  const [formError, setFormError] = createSignal<string>();
  const [newRole, setNewRole] = createSignal<Role>("member");
  const [toDelete, setToDelete] = createSignal<AdminUser>();
  const [busy, setBusy] = createSignal(false);

  /** Runs one change, then lists again; a failure shows the API's message. */
  const act = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      notify(done);
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
      await refetch();
    }
  };

  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    const email = String(form.get("email") ?? "").trim();
    const name = String(form.get("name") ?? "").trim();
    setFormError(undefined);
    setBusy(true);
    try {
      await adminApi.createUser({
        email,
        password: String(form.get("password") ?? ""),
        role: newRole(),
        ...(name ? { name } : {}),
      });
      formEl.reset();
      setNewRole("member");
      notify(`Added ${email}.`);
      await refetch();
    } catch (e) {
      setFormError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="tl-admin__section" aria-labelledby="users-title">
      <h2 id="users-title" class="tl-admin__title">
        Users
      </h2>
      <ErrorLine error={error()} testid="users-error" />
      <div class="tl-admin__scroll">
        <table class="tl-records tl-admin__table" data-testid="users-table">
          <thead>
            <tr>
              <th scope="col">E-mail</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">
                <span class="tl-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={users()}>
              {(user) => (
                <tr data-testid="user-row" data-email={user.email}>
                  <td>
                    {user.email}
                    <Show when={user.id === props.myId}>
                      <span class="tl-muted"> (you)</span>
                    </Show>
                  </td>
                  <td>{user.name ?? "–"}</td>
                  <td>
                    <RoleSelect
                      value={user.role}
                      label={`Role of ${user.email}`}
                      disabled={busy()}
                      data-testid="user-role"
                      onChange={(role) =>
                        void act(() => adminApi.updateUser(user.id, { role }), `${user.email} is now ${role}.`)
                      }
                    />
                  </td>
                  <td data-testid="user-status">{user.disabled ? "Disabled" : "Active"}</td>
                  <td>{whenText(user.lastSignInAt, zone)}</td>
                  <td>
                    <div class="tl-admin__actions">
                      <button
                        type="button"
                        class="tl-button tl-button--quiet tl-button--small"
                        disabled={busy()}
                        data-testid="user-toggle"
                        onClick={() =>
                          void act(
                            () => adminApi.updateUser(user.id, { disabled: !user.disabled }),
                            `${user.email} is ${user.disabled ? "enabled" : "disabled"}.`,
                          )
                        }
                      >
                        {user.disabled ? "Enable" : "Disable"}
                      </button>
                      <button
                        type="button"
                        class="tl-button tl-button--quiet tl-button--small tl-button--danger-quiet"
                        disabled={busy()}
                        data-testid="user-delete"
                        onClick={() => setToDelete(user)}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={users.error}>
        <p class="tl-error" role="alert">
          {describeError(users.error).message}
        </p>
      </Show>
      <ConfirmDialog
        danger
        testid="confirm-dialog"
        confirmTestid="confirm"
        open={toDelete() !== undefined}
        title="Delete this user?"
        body={
          <>
            {toDelete()?.email} will be signed out and can no longer sign in. This cannot be undone; disable the account
            instead to keep it.
          </>
        }
        action="Delete"
        onCancel={() => setToDelete(undefined)}
        onConfirm={() => {
          const user = toDelete();
          setToDelete(undefined);
          if (user) void act(() => adminApi.deleteUser(user.id), `Deleted ${user.email}.`);
        }}
      />
      <form class="tl-admin__form" onSubmit={add} aria-labelledby="add-user-title" data-testid="add-user">
        <h3 id="add-user-title" class="tl-admin__subtitle">
          Add a user
        </h3>
        <label class="tl-admin__field">
          <span class="tl-field__label">E-mail</span>
          <input name="email" type="email" required autocomplete="off" data-testid="new-user-email" />
        </label>
        <label class="tl-admin__field">
          <span class="tl-field__label">Name (optional)</span>
          <input name="name" type="text" maxlength="100" autocomplete="off" data-testid="new-user-name" />
        </label>
        <div class="tl-admin__field">
          <RoleSelect value={newRole()} onChange={setNewRole} label="Role" showLabel data-testid="new-user-role" />
        </div>
        <label class="tl-admin__field">
          <span class="tl-field__label">Initial password (12 characters or more)</span>
          <input
            name="password"
            type="password"
            required
            minlength="12"
            autocomplete="new-password"
            data-testid="new-user-password"
          />
        </label>
        <ErrorLine error={formError()} testid="add-user-error" />
        <button type="submit" class="tl-button" disabled={busy()} data-testid="add-user-submit">
          Add user
        </button>
      </form>
    </section>
  );
}

/** The new key, shown this once in a dialog with a copy button. */
function NewKeyDialog(props: { secret: string | undefined; onClose: () => void }) {
  const [copied, setCopied] = createSignal(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret ?? "");
      setCopied(true);
    } catch {
      setCopied(false);
      notify("The browser did not allow copying: select the key and copy it by hand.");
    }
  };
  return (
    <Dialog
      open={props.secret !== undefined}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          props.onClose();
        }
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay class="tl-sheet__overlay" />
        <Dialog.Content class="tl-dialog" data-testid="new-key-dialog">
          <Dialog.Title class="tl-sheet__title">Your new API key</Dialog.Title>
          <Dialog.Description class="tl-notice" role="note">
            Copy it now: it will not be shown again. Tallyline keeps only a hash of it. Programs send it as{" "}
            <code>Authorization: Bearer KEY</code>.
          </Dialog.Description>
          <code class="tl-secret" data-testid="new-key">
            {props.secret}
          </code>
          <div class="tl-dialog__actions">
            <button type="button" class="tl-button tl-button--quiet" data-testid="copy-key" onClick={() => void copy()}>
              {copied() ? "Copied" : "Copy"}
            </button>
            <Dialog.CloseButton class="tl-button" data-testid="close-key">
              Done
            </Dialog.CloseButton>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog>
  );
}

const STATE_LABEL = { active: "Active", expired: "Expired", revoked: "Revoked" } as const;

/** API keys: the list with name, role, created, last used, expiry and state; create (shown once) and revoke. */
function KeysPanel() {
  const zone = browserZone();
  const [keys, { refetch }] = createResource(() => adminApi.listKeys());
  const [error, setError] = createSignal<string>();
  const [formError, setFormError] = createSignal<string>();
  const [role, setRole] = createSignal<Role>("member");
  const [secret, setSecret] = createSignal<string>();
  const [toRevoke, setToRevoke] = createSignal<ApiKeyInfo>();
  const [busy, setBusy] = createSignal(false);

  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    setFormError(undefined);
    let expiresInDays: number | undefined;
    try {
      expiresInDays = parseExpiryDays(String(form.get("expires") ?? ""));
    } catch (e) {
      setFormError(describeError(e).message);
      return;
    }
    setBusy(true);
    try {
      const made = await adminApi.createKey({
        name: String(form.get("name") ?? "").trim(),
        role: role(),
        ...(expiresInDays === undefined ? {} : { expiresInDays }),
      });
      formEl.reset();
      setRole("member");
      setSecret(made.key);
      await refetch();
    } catch (e) {
      setFormError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (key: ApiKeyInfo) => {
    setBusy(true);
    setError(undefined);
    try {
      await adminApi.revokeKey(key.id);
      notify(`Revoked ${key.name}.`);
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
      await refetch();
    }
  };

  return (
    <section class="tl-admin__section" aria-labelledby="keys-title">
      <h2 id="keys-title" class="tl-admin__title">
        API keys
      </h2>
      <ErrorLine error={error()} testid="keys-error" />
      <Show
        when={(keys() ?? []).length > 0}
        fallback={
          <Show when={keys()}>
            <p class="tl-notice">No API keys yet. Programs that read reports need one.</p>
          </Show>
        }
      >
        <div class="tl-admin__scroll">
          <table class="tl-records tl-admin__table" data-testid="keys-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span class="tl-visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={keys()}>
                {(key) => {
                  const state = () => keyState(key, new Date());
                  return (
                    <tr data-testid="key-row" data-name={key.name}>
                      <td>{key.name}</td>
                      <td>
                        <code>{key.prefix}…</code>
                      </td>
                      <td>{key.role === "admin" ? "Admin" : "Member"}</td>
                      <td>{whenText(key.createdAt, zone)}</td>
                      <td>{whenText(key.lastUsedAt, zone)}</td>
                      <td>{whenText(key.expiresAt, zone, "No expiry")}</td>
                      <td data-testid="key-state">
                        {STATE_LABEL[state()]}
                        <Show when={key.revokedAt}>
                          {(at) => <span class="tl-muted"> {whenText(at(), zone)}</span>}
                        </Show>
                      </td>
                      <td>
                        <div class="tl-admin__actions">
                          <Show when={state() !== "revoked"}>
                            <button
                              type="button"
                              class="tl-button tl-button--quiet tl-button--small tl-button--danger-quiet"
                              disabled={busy()}
                              data-testid="key-revoke"
                              onClick={() => setToRevoke(key)}
                            >
                              Revoke
                            </button>
                          </Show>
                        </div>
                      </td>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <Show when={keys.error}>
        <p class="tl-error" role="alert">
          {describeError(keys.error).message}
        </p>
      </Show>
      <ConfirmDialog
        danger
        testid="confirm-dialog"
        confirmTestid="confirm"
        open={toRevoke() !== undefined}
        title="Revoke this key?"
        body={<>Programs using “{toRevoke()?.name}” are refused from their next request. This cannot be undone.</>}
        action="Revoke"
        onCancel={() => setToRevoke(undefined)}
        onConfirm={() => {
          const key = toRevoke();
          setToRevoke(undefined);
          if (key) void revoke(key);
        }}
      />
      <NewKeyDialog secret={secret()} onClose={() => setSecret(undefined)} />
      <form class="tl-admin__form" onSubmit={create} aria-labelledby="create-key-title" data-testid="create-key">
        <h3 id="create-key-title" class="tl-admin__subtitle">
          Create a key
        </h3>
        <label class="tl-admin__field">
          <span class="tl-field__label">Name</span>
          <input name="name" type="text" required maxlength="100" autocomplete="off" data-testid="new-key-name" />
        </label>
        <div class="tl-admin__field">
          <RoleSelect value={role()} onChange={setRole} label="Role" showLabel data-testid="new-key-role" />
        </div>
        <label class="tl-admin__field">
          <span class="tl-field__label">Expires in (days, blank for never)</span>
          <input name="expires" type="text" inputmode="numeric" autocomplete="off" data-testid="new-key-expires" />
        </label>
        <ErrorLine error={formError()} testid="create-key-error" />
        <button type="submit" class="tl-button" disabled={busy()} data-testid="create-key-submit">
          Create key
        </button>
      </form>
    </section>
  );
}

/**
 * The admin page (`/admin`, `?tab=users|keys`): users and API keys in Kobalte tabs. Members (and
 * API keys) see "Admins only"; the API refuses them the routes anyway.
 */
export function Admin() {
  const me = createAsync(() => getMe());
  const [search, setSearch] = useSearchParams<{ tab?: string }>();
  const tab = () => (search.tab === "keys" ? "keys" : "users");
  return (
    <div class="tl-app">
      <header class="tl-topbar">
        <div class="tl-brand">
          <span class="tl-brand__mark" aria-hidden="true" />
          <h1 class="tl-brand__name">Tallyline</h1>
        </div>
        <nav aria-label="Pages" class="tl-admin__nav">
          <A href="/" class="tl-button tl-button--quiet tl-button--small" end>
            Dashboard
          </A>
        </nav>
        <AccountMenu />
      </header>
      <main class="tl-main tl-admin">
        <Suspense fallback={<p class="tl-loading">Loading…</p>}>
          <Switch>
            <Match when={me() && me()?.role !== "admin"}>
              <section class="tl-notice" role="status" data-testid="admins-only">
                <h2 class="tl-admin__title">Admins only</h2>
                <p>
                  Users and API keys are managed by the workspace's admins. Ask an admin if you need an account or a
                  key. <A href="/">Back to the dashboard</A>
                </p>
              </section>
            </Match>
            <Match when={me()?.role === "admin"}>
              <Tabs value={tab()} onChange={(value) => setSearch({ tab: value }, { replace: true })} class="tl-tabs">
                <Tabs.List class="tl-tabs__list" aria-label="Administration">
                  <Tabs.Trigger value="users" class="tl-tabs__trigger" data-testid="tab-users">
                    Users
                  </Tabs.Trigger>
                  <Tabs.Trigger value="keys" class="tl-tabs__trigger" data-testid="tab-keys">
                    API keys
                  </Tabs.Trigger>
                  <Tabs.Indicator class="tl-tabs__indicator" />
                </Tabs.List>
                <Tabs.Content value="users">
                  <UsersPanel
                    myId={(() => {
                      const who = me();
                      return who?.kind === "session" ? who.user.id : undefined;
                    })()}
                  />
                </Tabs.Content>
                <Tabs.Content value="keys">
                  <KeysPanel />
                </Tabs.Content>
              </Tabs>
            </Match>
          </Switch>
        </Suspense>
      </main>
      <Portal>
        <Toast.Region aria-label="Notifications">
          <Toast.List class="tl-toasts" />
        </Toast.Region>
      </Portal>
    </div>
  );
}
