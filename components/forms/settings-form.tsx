'use client';

import { useActionState, useState } from 'react';
import { updateSettingsAction } from '@/lib/actions/admin';
import { idleState } from '@/lib/validation/form';
import type { OrgSettingsDto } from '@/lib/server/organizations';
import { SelectField, TextAreaField, TextField } from './field';
import { FormMessage } from './form-message';
import { SubmitButton } from './submit-button';

const roleWordOptions = [
  { value: 'helper', label: 'helper (the ProQOL default)' },
  { value: 'advocate', label: 'advocate' },
  { value: 'therapist', label: 'therapist' },
  { value: 'case-manager', label: 'case manager' },
  { value: 'custom', label: 'custom…' },
];

export function SettingsForm({
  orgId,
  settings,
  timeZones,
}: {
  orgId: string;
  settings: OrgSettingsDto;
  /** IANA zones offered (from the server, so the list matches what it accepts). */
  timeZones: readonly string[];
}) {
  const [state, formAction] = useActionState(updateSettingsAction.bind(null, orgId), idleState);
  const v = state.values;
  const [roleWord, setRoleWord] = useState(v?.roleWord ?? settings.roleWord);
  const fe = state.fieldErrors ?? {};
  return (
    <form action={formAction} noValidate>
      <FormMessage state={state} />
      <h2>Agency</h2>
      <TextField name="name" label="Agency name" defaultValue={v?.name ?? settings.name} errors={fe.name} required />
      <h2>Privacy</h2>
      <TextField
        name="minGroupSize"
        label="Minimum reporting group size (k)"
        type="number"
        inputMode="numeric"
        min={3}
        max={50}
        defaultValue={v?.minGroupSize ?? String(settings.minGroupSize)}
        hint="Results for any group with fewer responses than this are hidden. Between 3 and 50; 5 or more is recommended: with 3 or 4, people in a small group can work out more about each other from the averages."
        errors={fe.minGroupSize}
        required
      />
      <div className="field">
        <label>
          <input
            type="checkbox"
            name="staffSeeAgencyResults"
            defaultChecked={v ? v.staffSeeAgencyResults === 'on' : settings.staffSeeAgencyResults}
            aria-describedby="staffSeeAgencyResults-hint"
          />{' '}
          Let staff see agency-wide results
        </label>
        <p className="hint" id="staffSeeAgencyResults-hint">
          Staff then see the agency&apos;s published averages (never team-level results). Off by default.
        </p>
      </div>
      <TextField
        name="driverWindowMonths"
        label="Driver analysis window (months)"
        type="number"
        min={3}
        max={36}
        defaultValue={v?.driverWindowMonths ?? String(settings.driverWindowMonths)}
        hint="Driver analysis uses each person's latest check-in within this window. 12 is recommended."
        errors={fe.driverWindowMonths}
      />
      <h2>Time zone and record keeping</h2>
      <SelectField
        name="timeZone"
        label="Agency time zone"
        hint="Scheduled check-ins open and close at midnight in this time zone, plus a few minutes set per agency so that not every agency closes at the same moment."
        defaultValue={v?.timeZone ?? settings.timeZone}
        errors={fe.timeZone}
      >
        {(timeZones.includes(settings.timeZone) ? timeZones : [settings.timeZone, ...timeZones]).map((z) => (
          <option key={z} value={z}>
            {z.replaceAll('_', ' ')}
          </option>
        ))}
      </SelectField>
      <TextField
        name="auditRetentionDays"
        label="Keep the audit log (days)"
        type="number"
        inputMode="numeric"
        min={30}
        max={3650}
        defaultValue={v?.auditRetentionDays ?? String(settings.auditRetentionDays)}
        hint="Older entries are deleted by a background job. 30 to 3650 days; 400 by default."
        errors={fe.auditRetentionDays}
      />
      <TextField
        name="mailRetentionDays"
        label="Keep the mail log and outbox (days)"
        type="number"
        inputMode="numeric"
        min={7}
        max={3650}
        defaultValue={v?.mailRetentionDays ?? String(settings.mailRetentionDays)}
        hint="Older invitations and reminders in the log are deleted by a background job. 7 to 3650 days; 90 by default."
        errors={fe.mailRetentionDays}
      />
      <h2>Check-in wording</h2>
      <SelectField
        name="roleWord"
        label="Role word in the ProQOL items"
        hint='The ProQOL 5 lets agencies replace "helper" with the word their staff use. Nothing else in the items changes.'
        value={roleWord}
        onChange={(e) => setRoleWord(e.target.value)}
        errors={fe.roleWord}
      >
        {roleWordOptions.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectField>
      {roleWord === 'custom' ? (
        <TextField
          name="roleWordCustom"
          label="Custom role word"
          hint='A noun, for example "navigator". Verbs in the items stay as "help".'
          defaultValue={v?.roleWordCustom ?? settings.roleWordCustom ?? ''}
          errors={fe.roleWordCustom}
        />
      ) : null}
      <h2>Support resources shown to staff</h2>
      <TextField
        name="supportEapLine"
        label="Employee assistance programme (EAP) line"
        defaultValue={v?.supportEapLine ?? settings.supportEapLine ?? ''}
        errors={fe.supportEapLine}
      />
      <TextField
        name="supportCrisisLine"
        label="Crisis line"
        hint="For example 988 (US Suicide & Crisis Lifeline)."
        defaultValue={v?.supportCrisisLine ?? settings.supportCrisisLine ?? ''}
        errors={fe.supportCrisisLine}
      />
      <TextAreaField
        name="supportText"
        label="Other support (free text)"
        hint="Peer support groups, clinical consultation hours, how to request time off."
        defaultValue={v?.supportText ?? settings.supportText ?? ''}
        errors={fe.supportText}
      />
      <div className="actions">
        <SubmitButton>Save settings</SubmitButton>
      </div>
    </form>
  );
}
