import { Alert, Checkbox, Col, Form, Input, Radio, Row, Select } from 'antd';
import {
  hasAssessment,
  isStaffKind,
  isVenueStaffKind,
  needsCertificate,
} from '../../../../domain/registry/pipelines-people-vehicles.ts';
import { type PersonKind, personKindLabels } from '../../../../domain/registry/registry.ts';
import { useLocale, useT } from '../../../app/i18n.ts';
import { useRequest } from '../../../app/useRequest.ts';
import { useSession } from '../../../app/session.tsx';
import { organisationApi } from '../../organisation/index.ts';
import { EnterpriseSelect } from '../components/EnterpriseSelect.tsx';
import { enumOptions } from '../components/enumOptions.ts';
import { RegionTreeSelect } from '../components/RegionTreeSelect.tsx';
import { RegistryFormDrawer, useRegistryForm } from '../components/RegistryFormDrawer.tsx';
import { VenueSelect } from '../components/VenueSelect.tsx';
import { type PersonDetail, type PersonInput, peopleApi } from './people.api.ts';
import { DateField } from '../../../app/DateField.tsx';

const PHONE = /^[0-9+\- ]{5,20}$/;

type Values = {
  name: string;
  phone: string;
  kind?: PersonKind;
  /** Staff of an enterprise or of a venue (restaurant, school…). */
  employer?: 'enterprise' | 'venue';
  enterpriseId?: string | null;
  venueId?: string | null;
  departmentId?: string | null;
  regionId?: string;
  /** Link the signed-in account to this person (they sign inspections as this person). */
  linkSelf?: boolean;
  certificateNumber?: string;
  certificateExpiresOn?: string;
  assessmentPassedOn?: string;
};

const errorFields: Record<string, string[]> = {
  'people.name_phone_taken': ['phone'],
  'people.enterprise_required': ['enterpriseId'],
  'people.enterprise_not_found': ['enterpriseId'],
  'people.department_not_found': ['departmentId'],
  'people.region_not_found': ['regionId'],
  'people.unit_required': ['departmentId'],
  'people.bound_to_vehicle': ['kind'],
  'people.venue_not_found': ['venueId'],
  'people.employer_conflict': ['venueId'],
  'people.kind_not_for_venue': ['kind'],
  'people.user_link_forbidden': ['linkSelf'],
};

/** Create or edit a person; the fields follow the kind (an inspector's unit, staff's enterprise, a certificate). */
export function PersonFormDrawer({
  open,
  person,
  defaults,
  onClose,
  onSaved,
}: {
  open: boolean;
  person?: PersonDetail | null;
  /** Prefilled values for a new person (e.g. the kind chosen by a filter). */
  defaults?: Partial<Values>;
  onClose: () => void;
  onSaved: (saved: PersonDetail) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const { me } = useSession();
  // A venue manager registers the staff of its venue only.
  const venueOnly = Boolean(me?.roles.length) && me!.roles.every((r) => r.scopeType === 'venue');
  const ownVenue = venueOnly ? me!.roles.find((r) => r.scopeId) : undefined;
  const { data: departments } = useRequest(organisationApi.departments);

  // A venue's own staff: its principal, safety person and others (never delivery or filling staff).
  const toVenue = (k: PersonKind, e: Values['employer']) => isVenueStaffKind(k) && (venueOnly || e === 'venue');

  const state = useRegistryForm<Values, PersonDetail>({
    open,
    source: person ?? defaults,
    editing: Boolean(person),
    errorFields,
    load: () =>
      person
        ? {
            name: person.name,
            phone: person.phone,
            kind: person.kind,
            employer: person.venueId ? 'venue' : 'enterprise',
            enterpriseId: person.enterpriseId,
            venueId: person.venueId,
            linkSelf: Boolean(me && person.userId === me.id),
            departmentId: person.departmentId,
            regionId: person.regionId,
            certificateNumber: person.certificateNumber ?? undefined,
            certificateExpiresOn: person.certificateExpiresOn ?? undefined,
            assessmentPassedOn: person.assessmentPassedOn ?? undefined,
          }
        : {
            employer: venueOnly ? 'venue' : 'enterprise',
            venueId: ownVenue?.scopeId ?? undefined,
            ...defaults,
          },
    save: (v) => {
      const k = v.kind!;
      const body: PersonInput = {
        name: v.name.trim(),
        phone: v.phone.trim(),
        kind: k,
        enterpriseId: isStaffKind(k) && !toVenue(k, v.employer) ? (v.enterpriseId ?? null) : null,
        venueId: toVenue(k, v.employer) ? (v.venueId ?? null) : null,
        departmentId: isStaffKind(k) ? null : (v.departmentId ?? null),
        certificateNumber: v.certificateNumber?.trim() || null,
        certificateExpiresOn: v.certificateExpiresOn || null,
        assessmentPassedOn: hasAssessment(k) ? v.assessmentPassedOn || null : null,
      };
      // Without a region the server takes the enterprise's or the department's; a venue's staff are where it is.
      if (v.regionId && !toVenue(k, v.employer) && (!person || v.regionId !== person.regionId || !isStaffKind(k)))
        body.regionId = v.regionId;
      // Linking is the signer's own account (谁检查、谁签字); an account linked by an administrator is kept.
      if (me && v.linkSelf && person?.userId !== me.id) body.userId = me.id;
      else if (me && !v.linkSelf && person?.userId === me.id) body.userId = null;
      return person ? peopleApi.update(person.id, body) : peopleApi.create(body);
    },
    onSaved,
  });
  const form = state.form;
  const kind = Form.useWatch('kind', form);
  const departmentId = Form.useWatch('departmentId', form);
  const employer = Form.useWatch('employer', form);
  const staff = kind ? isStaffKind(kind) : false;
  const atVenue = Boolean(kind && toVenue(kind, employer));
  const inspector = kind === 'inspector';
  const certificate = kind === 'special_equipment_operator' || kind === 'filling_operator';

  return (
    <RegistryFormDrawer
      state={state}
      open={open}
      onClose={onClose}
      title={t(person ? 'person.edit' : 'person.create')}
      width={560}
    >
      <Form.Item name="kind" label={t('person.kind')} rules={[{ required: true, message: t('common.required') }]}>
        <Select
          options={enumOptions(personKindLabels, locale).filter(
            (o) => !venueOnly || isVenueStaffKind(o.value as PersonKind),
          )}
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="name"
            label={t('person.name')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="phone"
            label={t('person.phone')}
            rules={[
              { required: true, message: t('common.required') },
              { pattern: PHONE, message: t('person.phoneInvalid') },
            ]}
          >
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
        </Col>
      </Row>
      {staff && !venueOnly ? (
        <Form.Item name="employer" label={t('person.employer')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'enterprise', label: t('person.employerEnterprise') },
              { value: 'venue', label: t('person.employerVenue'), disabled: kind ? !isVenueStaffKind(kind) : false },
            ]}
          />
        </Form.Item>
      ) : null}
      {staff && !atVenue ? (
        <Form.Item
          name="enterpriseId"
          label={t('person.enterprise')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <EnterpriseSelect initial={person?.enterprise ?? null} />
        </Form.Item>
      ) : null}
      {atVenue ? (
        <Form.Item
          name="venueId"
          label={t('person.venue')}
          extra={t('person.venueHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <VenueSelect
            initial={
              person?.venue ??
              (ownVenue?.scopeId ? { id: ownVenue.scopeId, name: ownVenue.scopeName ?? '', address: '' } : null)
            }
          />
        </Form.Item>
      ) : null}
      {inspector ? (
        <Form.Item name="departmentId" label={t('person.department')} extra={t('person.departmentHint')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={(departments ?? [])
              .filter((d) => d.kind === 'department' || d.kind === 'office')
              .map((d) => ({ value: d.id, label: d.shortName }))}
          />
        </Form.Item>
      ) : null}
      {kind && !atVenue ? (
        <Form.Item
          name="regionId"
          label={t('registry.region')}
          extra={t(inspector ? 'person.regionHintInspector' : 'person.regionHint')}
          rules={inspector && !departmentId ? [{ required: true, message: t('person.unitRequired') }] : []}
        >
          <RegionTreeSelect placeholder={t('registry.region')} fallbackLabel={person?.region.name} />
        </Form.Item>
      ) : null}
      {certificate ? (
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="certificateNumber"
              label={t('person.certificateNumber')}
              rules={
                kind && needsCertificate(kind)
                  ? [{ required: true, whitespace: true, message: t('person.certificateRequired') }]
                  : []
              }
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="certificateExpiresOn"
              label={t('person.certificateExpiresOn')}
              rules={
                kind && needsCertificate(kind) ? [{ required: true, message: t('person.certificateRequired') }] : []
              }
            >
              <DateField />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
      {kind && hasAssessment(kind) ? (
        <Form.Item name="assessmentPassedOn" label={t('person.assessmentPassedOn')} extra={t('person.assessmentHint')}>
          <DateField />
        </Form.Item>
      ) : null}
      {kind ? (
        <Form.Item name="linkSelf" valuePropName="checked" extra={t('person.linkSelfHint')}>
          <Checkbox data-testid="person-link-self">{t('person.linkSelf')}</Checkbox>
        </Form.Item>
      ) : null}
      {person?.userId && me && person.userId !== me.id ? (
        <Alert type="info" showIcon title={t('person.linkedOther')} />
      ) : null}
    </RegistryFormDrawer>
  );
}
