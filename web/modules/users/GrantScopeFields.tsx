import { Col, Form, type FormInstance, Input, Row, Select, TreeSelect } from 'antd';
import { useMemo } from 'react';
import { type RoleCode, roles, type ScopeType } from '../../../domain/access/roles.ts';
import { type Locale, pick, useLocale, useT } from '../../app/i18n.ts';
import type { Region } from '../organisation/index.ts';
import { levelLabel, regionTree } from '../organisation/index.ts';
import type { ScopeOptions } from '../organisation/index.ts';
import { EnterpriseSelect } from '../registry/index.ts';
import { VenueSelect } from '../registry/index.ts';
import type { Grant, GrantInput } from './users.api.ts';

type NamePath = (string | number)[];

/** A grant in a form: one `scopeId` field whatever the scope type (and the scope's name, to show it). */
export type GrantValues = { role?: RoleCode; scopeType?: ScopeType; scopeId?: string; scopeName?: string };

export function toGrantInput(v: GrantValues): GrantInput {
  const role = v.role ?? '';
  const scopeType = v.scopeType ?? 'global';
  const id = v.scopeId?.trim();
  if (scopeType === 'region' && id) return { role, scopeType, regionId: id };
  if (scopeType === 'department' && id) return { role, scopeType, departmentId: id };
  if (scopeType === 'enterprise' && id) return { role, scopeType, enterpriseId: id };
  if (scopeType === 'venue' && id) return { role, scopeType, venueId: id };
  return { role, scopeType };
}

export function fromGrant(g: Pick<Grant, 'role' | 'scopeType' | 'scopeId' | 'scopeName'>): GrantValues {
  return {
    role: g.role as RoleCode,
    scopeType: g.scopeType,
    scopeId: g.scopeId ?? undefined,
    scopeName: g.scopeName ?? undefined,
  };
}

/** A server path such as grants.0.regionId names the form's grants.0.scopeId. */
export function grantFieldPath(path: NamePath): NamePath {
  const last = path[path.length - 1];
  const named = last === 'regionId' || last === 'departmentId' || last === 'enterpriseId' || last === 'venueId';
  return named ? [...path.slice(0, -1), 'scopeId'] : path;
}

export function roleLabel(role: string, locale: Locale): string {
  return Object.hasOwn(roles, role) ? roles[role as RoleCode].label[locale] : role;
}

type TreeNode = { value: string; title: string; children?: TreeNode[] };

function toTreeData(nodes: (Region & { children?: Region[] })[], locale: Locale): TreeNode[] {
  return nodes.map((r) => ({
    value: r.id,
    title: `${pick(r.name, r.nameEn, locale)}（${levelLabel(r.level, locale)}）`,
    children: r.children?.length ? toTreeData(r.children, locale) : undefined,
  }));
}

/**
 * Role, scope type and scope of one grant (or machine token). The scope types offered are the
 * role's own; the scope picker follows the type: a region tree, a department list, or a search
 * of the register's enterprises or venues.
 */
export function GrantScopeFields({
  form,
  name,
  fullName,
  roleCodes,
  options,
}: {
  form: FormInstance;
  /** The fields' name relative to the enclosing Form.List (or the form). */
  name: NamePath;
  /** The same name from the form's root, for watching values. */
  fullName: NamePath;
  roleCodes: readonly RoleCode[];
  options: ScopeOptions | null;
}) {
  const t = useT();
  const locale = useLocale();
  const role = Form.useWatch<RoleCode | undefined>([...fullName, 'role'], form);
  const scopeType = Form.useWatch<ScopeType | undefined>([...fullName, 'scopeType'], form);
  const scopeId = Form.useWatch<string | undefined>([...fullName, 'scopeId'], form);
  const scopeName = Form.useWatch<string | undefined>([...fullName, 'scopeName'], form);
  // The granted enterprise or venue by name before any search (an edit form's value).
  const initial = scopeId && scopeName ? { id: scopeId, name: scopeName, creditCode: '', address: '' } : null;
  const allowed: readonly ScopeType[] = role && Object.hasOwn(roles, role) ? roles[role].scopeTypes : [];

  const treeData = useMemo(() => toTreeData(regionTree(options?.regions ?? []), locale), [options, locale]);

  const onRoleChange = (next: RoleCode) => {
    const types = roles[next].scopeTypes;
    const keep = scopeType && (types as readonly ScopeType[]).includes(scopeType);
    form.setFieldValue([...fullName, 'scopeType'], keep ? scopeType : types.length === 1 ? types[0] : undefined);
    if (!keep) form.setFieldValue([...fullName, 'scopeId'], undefined);
  };

  const required = { required: true, message: t('common.required') };
  return (
    <Row gutter={8} style={{ flex: 1, minWidth: 0 }}>
      <Col xs={24} sm={9}>
        <Form.Item name={[...name, 'role']} label={t('users.role')} rules={[required]}>
          <Select<RoleCode>
            onChange={onRoleChange}
            options={roleCodes.map((code) => ({ value: code, label: roles[code].label[locale] }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={6}>
        <Form.Item name={[...name, 'scopeType']} label={t('users.scopeType')} rules={[required]}>
          <Select<ScopeType>
            disabled={!role}
            onChange={() => form.setFieldValue([...fullName, 'scopeId'], undefined)}
            options={allowed.map((s) => ({ value: s, label: t(`users.scopeType.${s}`) }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={9}>
        {scopeType === 'region' ? (
          <Form.Item name={[...name, 'scopeId']} label={t('users.scope')} rules={[required]}>
            <TreeSelect
              treeData={treeData}
              loading={!options}
              showSearch={{ treeNodeFilterProp: 'title' }}
              treeDefaultExpandedKeys={treeData.map((n) => n.value)}
              popupMatchSelectWidth={false}
              placeholder={t('users.scopeType.region')}
            />
          </Form.Item>
        ) : scopeType === 'department' ? (
          <Form.Item name={[...name, 'scopeId']} label={t('users.scope')} rules={[required]}>
            <Select
              loading={!options}
              showSearch={{ optionFilterProp: 'label' }}
              popupMatchSelectWidth={false}
              placeholder={t('users.scopeType.department')}
              options={(options?.departments ?? []).map((d) => ({
                value: d.id,
                label: locale === 'en' && d.nameEn ? d.nameEn : d.shortName,
              }))}
            />
          </Form.Item>
        ) : scopeType === 'enterprise' ? (
          <Form.Item name={[...name, 'scopeId']} label={t('users.scope')} rules={[required]}>
            <EnterpriseSelect initial={initial} />
          </Form.Item>
        ) : scopeType === 'venue' ? (
          <Form.Item name={[...name, 'scopeId']} label={t('users.scope')} rules={[required]}>
            <VenueSelect initial={initial} />
          </Form.Item>
        ) : (
          <Form.Item label={t('users.scope')}>
            <Input disabled value={scopeType === 'global' ? t('users.scopeType.global') : ''} />
          </Form.Item>
        )}
      </Col>
    </Row>
  );
}
