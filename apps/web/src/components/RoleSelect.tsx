import { Select } from "@kobalte/core/select";

/** A role of an account or a key. */
export type Role = "admin" | "member";

const ROLES: Role[] = ["member", "admin"];
const LABEL: Record<Role, string> = { admin: "Admin", member: "Member" };

export interface RoleSelectProps {
  value: Role;
  onChange: (role: Role) => void;
  /** The accessible name, e.g. "Role of ann@example.com". */
  label: string;
  /** Shows the label above the trigger (forms); else it is only the accessible name (table rows). */
  showLabel?: boolean;
  disabled?: boolean;
  "data-testid"?: string;
}

/** A Kobalte Select of the two roles (Member, Admin). */
export function RoleSelect(props: RoleSelectProps) {
  return (
    <Select<Role>
      class="tl-select"
      options={ROLES}
      value={props.value}
      disabled={props.disabled}
      onChange={(role) => role && role !== props.value && props.onChange(role)}
      itemComponent={(item) => (
        <Select.Item item={item.item} class="tl-select__item">
          <Select.ItemLabel>{LABEL[item.item.rawValue]}</Select.ItemLabel>
        </Select.Item>
      )}
    >
      <Select.Label class={props.showLabel ? "tl-field__label" : "tl-visually-hidden"}>{props.label}</Select.Label>
      <Select.Trigger class="tl-select__trigger" data-testid={props["data-testid"]}>
        <Select.Value<Role>>{(state) => LABEL[state.selectedOption()]}</Select.Value>
        <Select.Icon class="tl-select__icon">▾</Select.Icon>
      </Select.Trigger>
      <Select.Portal>
        <Select.Content class="tl-select__content">
          <Select.Listbox class="tl-select__listbox" />
        </Select.Content>
      </Select.Portal>
    </Select>
  );
}
