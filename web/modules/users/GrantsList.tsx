import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, type FormInstance } from 'antd';
import { personRoleCodes } from '../../../domain/access/roles.ts';
import { useT } from '../../app/i18n.ts';
import type { ScopeOptions } from '../organisation/index.ts';
import { GrantScopeFields } from './GrantScopeFields.tsx';

/** The `grants` list of a user form: person roles only (machine roles are for tokens). */
export function GrantsList({ form, options }: { form: FormInstance; options: ScopeOptions | null }) {
  const t = useT();
  return (
    <Form.List
      name="grants"
      rules={[
        {
          validator: async (_, grants: unknown[] | undefined) => {
            if (!grants || grants.length === 0) throw new Error(t('users.grantsRequired'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field) => (
            <div key={field.key} className="ra-grant-row">
              <GrantScopeFields
                form={form}
                name={[field.name]}
                fullName={['grants', field.name]}
                roleCodes={personRoleCodes}
                options={options}
              />
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.actions')}
                onClick={() => remove(field.name)}
                className="ra-grant-remove"
              />
            </div>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({})}>
            {t('users.addGrant')}
          </Button>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}
