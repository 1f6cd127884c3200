import { Dialog } from "@kobalte/core/dialog";
import { Select } from "@kobalte/core/select";
import { createAsync, revalidate } from "@solidjs/router";
import { humanise } from "@tallyline/ui";
import { createSignal, For, Show } from "solid-js";
import { describeError } from "../lib/api";
import { filtersFromFields, getSegments, SEGMENT_FILTERS, type Segment, segmentsApi } from "../lib/segments";

/** The picker's "no segment" choice. */
const ALL: Segment = { id: "", name: "All data", description: null, filters: {}, editable: false };

export interface SegmentPickerProps {
  /** The chosen segment's id (from `?segment=`), or undefined for all data. */
  current: string | undefined;
  /** Chooses a segment (undefined: all data); the page keeps it in the URL. */
  onChange: (segmentId: string | undefined) => void;
}

/**
 * The Segments picker of the dashboard header: a select of the workspace's segments ("All data"
 * first), and a dialog to save filters as a new segment, and to rename or delete the chosen one
 * when the caller may (its owner, or an admin). Failures show the API's message in the dialog.
 */
export function SegmentPicker(props: SegmentPickerProps) {
  const segments = createAsync(() => getSegments());
  const options = () => [ALL, ...(segments() ?? [])];
  const chosen = () => options().find((s) => s.id === props.current) ?? ALL;
  const [open, setOpen] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const [name, setName] = createSignal("");
  const [rename, setRename] = createSignal("");
  const [fields, setFields] = createSignal<Record<string, string>>({});

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      await revalidate(getSegments.key);
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };
  const create = () =>
    act(async () => {
      const made = await segmentsApi.create({ name: name(), filters: filtersFromFields(fields()) });
      setName("");
      setFields({});
      setOpen(false);
      props.onChange(made.id);
    });
  const doRename = () =>
    act(async () => {
      await segmentsApi.rename(chosen().id, rename());
      setOpen(false);
    });
  const doDelete = () =>
    act(async () => {
      await segmentsApi.remove(chosen().id);
      setOpen(false);
      props.onChange(undefined);
    });

  return (
    <div class="tl-segments" data-testid="segment-picker">
      <Select<Segment>
        options={options()}
        optionValue="id"
        optionTextValue="name"
        value={chosen()}
        onChange={(s) => props.onChange(s?.id ? s.id : undefined)}
        disallowEmptySelection
        placeholder={ALL.name}
        itemComponent={(item) => (
          <Select.Item
            item={item.item}
            class="tl-segments__item"
            data-testid={`segment-option-${item.item.rawValue.id || "all"}`}
          >
            <Select.ItemLabel>{item.item.rawValue.name}</Select.ItemLabel>
          </Select.Item>
        )}
      >
        <Select.Label class="tl-muted tl-segments__label">Segment</Select.Label>
        <Select.Trigger
          class="tl-button tl-button--quiet tl-segments__trigger"
          data-testid="segment-select"
          aria-label="Segment"
        >
          <Select.Value<Segment>>{(state) => state.selectedOption()?.name ?? ALL.name}</Select.Value>
          <Select.Icon class="tl-segments__icon">▾</Select.Icon>
        </Select.Trigger>
        <Select.Portal>
          <Select.Content class="tl-segments__content">
            <Select.Listbox class="tl-segments__listbox" />
          </Select.Content>
        </Select.Portal>
      </Select>
      <Dialog
        open={open()}
        onOpenChange={(o) => {
          setOpen(o);
          setError(undefined);
          setRename(chosen().id ? chosen().name : "");
        }}
      >
        <Dialog.Trigger class="tl-button tl-button--quiet tl-button--small" data-testid="segment-manage">
          Segments…
        </Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay class="tl-dialog__overlay" />
          <div class="tl-dialog__positioner">
            <Dialog.Content class="tl-dialog" data-testid="segment-dialog">
              <div class="tl-dialog__header">
                <Dialog.Title class="tl-dialog__title">Segments</Dialog.Title>
                <Dialog.CloseButton class="tl-button tl-button--quiet tl-button--small" aria-label="Close">
                  ×
                </Dialog.CloseButton>
              </div>
              <Show when={error()}>
                {(message) => (
                  <p class="tl-notice tl-notice--error" role="alert" data-testid="segment-error">
                    {message()}
                  </p>
                )}
              </Show>
              <Show when={chosen().id && chosen().editable}>
                <form
                  class="tl-dialog__section"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void doRename();
                  }}
                >
                  <h3 class="tl-dialog__subtitle">“{chosen().name}”</h3>
                  <label class="tl-field">
                    <span>Name</span>
                    <input
                      value={rename()}
                      onInput={(e) => setRename(e.currentTarget.value)}
                      maxlength={100}
                      data-testid="segment-rename-name"
                    />
                  </label>
                  <div class="tl-dialog__actions">
                    <button
                      type="submit"
                      class="tl-button tl-button--small"
                      disabled={busy()}
                      data-testid="segment-rename"
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      class="tl-button tl-button--quiet tl-button--small"
                      disabled={busy()}
                      onClick={() => void doDelete()}
                      data-testid="segment-delete"
                    >
                      Delete
                    </button>
                  </div>
                </form>
              </Show>
              <form
                class="tl-dialog__section"
                onSubmit={(e) => {
                  e.preventDefault();
                  void create();
                }}
              >
                <h3 class="tl-dialog__subtitle">New segment</h3>
                <label class="tl-field">
                  <span>Name</span>
                  <input
                    value={name()}
                    onInput={(e) => setName(e.currentTarget.value)}
                    maxlength={100}
                    required
                    data-testid="segment-new-name"
                  />
                </label>
                <p class="tl-muted">Filters: values separated by commas; leave blank what you do not filter on.</p>
                <For each={SEGMENT_FILTERS}>
                  {(filter) => (
                    <label class="tl-field">
                      <span>{humanise(filter)}</span>
                      <input
                        value={fields()[filter] ?? ""}
                        onInput={(e) => setFields({ ...fields(), [filter]: e.currentTarget.value })}
                        data-testid={`segment-filter-${filter}`}
                      />
                    </label>
                  )}
                </For>
                <div class="tl-dialog__actions">
                  <button type="submit" class="tl-button tl-button--small" disabled={busy()} data-testid="segment-save">
                    Save segment
                  </button>
                </div>
              </form>
            </Dialog.Content>
          </div>
        </Dialog.Portal>
      </Dialog>
    </div>
  );
}
