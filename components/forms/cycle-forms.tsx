'use client';

import { useActionState } from 'react';
import { installPackAction, openCycleAction, updateScheduleAction } from '@/lib/actions/cycles';
import { idleState } from '@/lib/validation/form';
import { SelectField, TextField } from './field';
import { FormMessage } from './form-message';
import { SubmitButton } from './submit-button';

export interface VrOption {
  value: string;
  label: string;
}

export interface ScheduleValues {
  enabled: boolean;
  cadence: string;
  openDay: number;
  durationDays: number;
  vrInstrument: string;
  includeSelfCare: boolean;
  orgCheck: string;
  reminderDaysBeforeClose: number;
}

const ORG_CHECK_HINT =
  "Sustain's brief organizational check: 15 optional statements on the five areas of the VT-ORG (not the validated VT-ORG). Results are published per team under the same privacy rules.";

function Checkbox({ name, label, defaultChecked, hint }: { name: string; label: string; defaultChecked: boolean; hint?: string }) {
  return (
    <div className="field">
      <label>
        <input type="checkbox" name={name} defaultChecked={defaultChecked} aria-describedby={hint ? `${name}-hint` : undefined} />{' '}
        {label}
      </label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function VrSelect({ options, value, errors, idPrefix }: { options: VrOption[]; value: string; errors?: string[]; idPrefix: string }) {
  return (
    <SelectField
      name="vrInstrument"
      idPrefix={idPrefix}
      label="Vicarious-resilience measure"
      hint="The brief indicator is Sustain's own 7-question check, not the validated VRS. Agencies licensed for the VRS can install it as a pack."
      defaultValue={value}
      errors={errors}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </SelectField>
  );
}

export function ScheduleForm({ orgId, schedule, vrOptions }: { orgId: string; schedule: ScheduleValues; vrOptions: VrOption[] }) {
  const [state, formAction] = useActionState(updateScheduleAction.bind(null, orgId), idleState);
  const fe = state.fieldErrors ?? {};
  const v = state.values;
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      {/* After a refused submit React resets the form to its defaults: echo what was sent. */}
      <Checkbox name="enabled" label="Open check-in cycles automatically" defaultChecked={v ? v.enabled === 'on' : schedule.enabled} />
      <div className="row">
        <SelectField name="cadence" idPrefix="schedule" label="How often" defaultValue={v?.cadence ?? schedule.cadence} errors={fe.cadence}>
          <option value="monthly">Monthly</option>
          <option value="bimonthly">Every two months</option>
          <option value="quarterly">Quarterly</option>
        </SelectField>
        <TextField
          name="openDay"
          idPrefix="schedule"
          type="number"
          min={1}
          max={28}
          label="Opens on day of the month"
          hint="1–28 (UTC)."
          defaultValue={v?.openDay ?? String(schedule.openDay)}
          errors={fe.openDay}
        />
        <TextField
          name="durationDays"
          idPrefix="schedule"
          type="number"
          min={7}
          max={28}
          label="Stays open (days)"
          hint="7–28 days."
          defaultValue={v?.durationDays ?? String(schedule.durationDays)}
          errors={fe.durationDays}
        />
        <TextField
          name="reminderDaysBeforeClose"
          idPrefix="schedule"
          type="number"
          min={0}
          max={27}
          label="Reminder (days before close)"
          hint="One email to people who have not checked in. 0 turns reminders off."
          defaultValue={v?.reminderDaysBeforeClose ?? String(schedule.reminderDaysBeforeClose)}
          errors={fe.reminderDaysBeforeClose}
        />
      </div>
      <p className="muted small">Every cycle includes the ProQOL 5.</p>
      <VrSelect options={vrOptions} value={v?.vrInstrument ?? schedule.vrInstrument} errors={fe.vrInstrument} idPrefix="schedule" />
      <Checkbox
        name="includeSelfCare"
        label="Ask about self-care practices"
        defaultChecked={v ? v.includeSelfCare === 'on' : schedule.includeSelfCare}
      />
      <SelectField
        name="orgCheck"
        idPrefix="schedule"
        label="Include the organizational check"
        hint={ORG_CHECK_HINT}
        defaultValue={v?.orgCheck ?? schedule.orgCheck}
        errors={fe.orgCheck}
      >
        <option value="twice_yearly">Twice a year (recommended)</option>
        <option value="every">In every cycle</option>
        <option value="off">Off</option>
      </SelectField>
      <SubmitButton>Save schedule</SubmitButton>
    </form>
  );
}

export function OpenCycleForm({
  orgId,
  vrOptions,
  defaultVr,
  defaultOrgCheck = false,
}: {
  orgId: string;
  vrOptions: VrOption[];
  defaultVr: string;
  defaultOrgCheck?: boolean;
}) {
  const [state, formAction] = useActionState(openCycleAction.bind(null, orgId), idleState);
  const fe = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      <TextField
        name="durationDays"
        idPrefix="open"
        type="number"
        min={7}
        max={28}
        label="Stays open (days)"
        defaultValue={state.values?.durationDays ?? '14'}
        errors={fe.durationDays}
      />
      <VrSelect options={vrOptions} value={state.values?.vrInstrument ?? defaultVr} errors={fe.vrInstrument} idPrefix="open" />
      <Checkbox
        name="includeSelfCare"
        label="Ask about self-care practices"
        defaultChecked={state.values ? state.values.includeSelfCare === 'on' : true}
      />
      <Checkbox
        name="includeOrgCheck"
        label="Include the organizational check"
        hint={ORG_CHECK_HINT}
        defaultChecked={state.values ? state.values.includeOrgCheck === 'on' : defaultOrgCheck}
      />
      <SubmitButton pendingText="Opening…">Open a check-in cycle now</SubmitButton>
    </form>
  );
}

export function InstallPackForm({ orgId }: { orgId: string }) {
  const [state, formAction] = useActionState(installPackAction.bind(null, orgId), idleState);
  const errors = state.fieldErrors?.pack;
  return (
    <form action={formAction}>
      <FormMessage state={state} />
      <div className="field">
        <label htmlFor="pack">Instrument pack (JSON file)</label>
        <p className="hint" id="pack-hint">
          The file is checked before anything is installed; every problem is listed with where it is in the file.
        </p>
        <input
          id="pack"
          name="pack"
          type="file"
          accept="application/json,.json"
          aria-describedby={`pack-hint${errors?.length ? ' pack-error' : ''}`}
          aria-invalid={errors?.length ? true : undefined}
        />
        <div id="pack-error" aria-live="polite">
          {errors?.length ? (
            <ul className="field-error">
              {errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      <SubmitButton pendingText="Checking…">Install pack</SubmitButton>
    </form>
  );
}
