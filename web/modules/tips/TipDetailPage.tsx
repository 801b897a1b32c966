import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { tipCategoryLabels, tipGradeLabels, tipGrades, tipStatusLabels } from '../../../domain/tips/tips.ts';
import { formatDateTime } from '../../app/format.ts';
import { applyFormError, errorText } from '../../app/http.ts';
import { type MessageKey, useLocale, useT } from '../../app/i18n.ts';
import { LoadError, PageHeader, PageLoading } from '../../app/PageState.tsx';
import { useRequest } from '../../app/useRequest.ts';
import { ObjectPicker, type PickedObject } from '../inspections/index.ts';
import { useDepartments } from '../inspections/index.ts';
import { OpenCaseButton } from '../enforcement/index.ts';
import { TipStatusTag } from './TipsPage.tsx';
import { type TipDetail, type VerifyTip, tipsApi } from './tips.api.ts';

type Step = 'accept' | 'verify' | 'close' | 'approve' | 'pay' | null;

/** /tips/:id — a tip with its handling: accept, verify (into a hazard), close with the answer, merge, reward. */
export function TipDetailPage() {
  const { id = '' } = useParams();
  const t = useT();
  const locale = useLocale();
  const { message } = App.useApp();
  const { data: tip, error, loading, reload, setData } = useRequest(useCallback(() => tipsApi.get(id), [id]));
  const [step, setStep] = useState<Step>(null);
  const departments = useDepartments().data;

  if (loading && !tip) return <PageLoading />;
  if (error || !tip) return <LoadError error={error} onRetry={reload} />;

  const done = (next: TipDetail) => {
    setData(next);
    setStep(null);
    message.success(t('common.saved'));
  };
  const merge = (intoTipId: string) =>
    Modal.confirm({
      title: t('tips.actions.merge'),
      onOk: async () => {
        try {
          setData(await tipsApi.merge(tip.id, intoTipId));
        } catch (err) {
          message.error(errorText(err));
        }
      },
    });

  const a = tip.abilities;
  return (
    <>
      <PageHeader
        title={`${t('tips.title')} ${tip.trackingCode}`}
        extra={
          <Space wrap>
            {a.accept ? (
              <Button type="primary" onClick={() => setStep('accept')}>
                {t('tips.actions.accept')}
              </Button>
            ) : null}
            {a.verify ? (
              <Button type="primary" onClick={() => setStep('verify')}>
                {t('tips.actions.verify')}
              </Button>
            ) : null}
            {a.close ? (
              <Button type="primary" onClick={() => setStep('close')}>
                {t('tips.actions.close')}
              </Button>
            ) : null}
            {a.approveReward ? <Button onClick={() => setStep('approve')}>{t('tips.actions.approve')}</Button> : null}
            {tip.status === 'verified' || tip.status === 'closed' ? (
              tip.caseId ? (
                <Link to={`/cases/${tip.caseId}`}>
                  <Button>{t('tips.case')}</Button>
                </Link>
              ) : (
                <OpenCaseButton source="tip" sourceRef={tip.id} />
              )
            ) : null}
            {a.payReward ? <Button onClick={() => setStep('pay')}>{t('tips.actions.pay')}</Button> : null}
          </Space>
        }
      />
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Card>
          <Descriptions column={{ xs: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('tips.status')}>
              <TipStatusTag tip={tip} />
            </Descriptions.Item>
            <Descriptions.Item label={t('tips.category')}>{tipCategoryLabels[tip.category][locale]}</Descriptions.Item>
            <Descriptions.Item label={t('tips.createdAt')}>{formatDateTime(tip.createdAt)}</Descriptions.Item>
            <Descriptions.Item label={t('tips.dueAt')}>{formatDateTime(tip.dueAt)}</Descriptions.Item>
            <Descriptions.Item label={t('tips.region')}>{tip.regionName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tips.department')}>{tip.departmentName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tips.address')}>{tip.address ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('tips.location')}>
              {tip.lng !== null && tip.lat !== null ? `${tip.lng}, ${tip.lat}` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('tips.reporter')}>
              {tip.contactName || tip.contactPhone
                ? `${tip.contactName ?? ''} ${tip.contactPhone ?? ''}`.trim()
                : t('tips.anonymous')}
            </Descriptions.Item>
            <Descriptions.Item label={t('tips.description')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {tip.description}
              </Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
          {tip.photoIds.length ? (
            <div className="ra-public-photos" style={{ marginTop: 8 }}>
              {tip.photoIds.map((p) => (
                <a key={p} href={`/api/v1/files/${p}`} target="_blank" rel="noreferrer">
                  <img src={`/api/v1/files/${p}`} alt="" />
                </a>
              ))}
            </div>
          ) : null}
        </Card>

        {tip.outcome ? (
          <Card title={t('tips.verification')} size="small">
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('tips.outcome')}>{t(`tips.outcome.${tip.outcome}`)}</Descriptions.Item>
              <Descriptions.Item label={t('tips.grade')}>
                {tip.grade ? tipGradeLabels[tip.grade][locale] : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('tips.verifyNote')} span={2}>
                {tip.verificationNote}
              </Descriptions.Item>
              {tip.hazardId ? (
                <Descriptions.Item label={t('tips.hazardLink')}>
                  <Link to={`/hazards/${tip.hazardId}`}>{t('tips.hazardLink')}</Link>
                  {tip.alreadyInLedger ? <Tag style={{ marginLeft: 8 }}>{t('tips.alreadyInLedger')}</Tag> : null}
                </Descriptions.Item>
              ) : null}
              {tip.answer ? (
                <Descriptions.Item label={t('tips.answer')} span={2}>
                  {tip.answer}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
        ) : null}

        {tip.outcome === 'founded' || tip.rewardStatus !== 'none' ? (
          <Card title={t('tips.rewardSection')} size="small">
            <Space wrap>
              <Tag color={tip.rewardStatus === 'paid' ? 'green' : tip.rewardStatus === 'none' ? 'default' : 'gold'}>
                {t(`tips.rewardStatus.${tip.rewardStatus}`)}
              </Tag>
              {tip.rewardAmount !== null ? <span>{tip.rewardAmount} 元</span> : null}
              {tip.rewardRefusal ? <span>{t(`tips.rewardRefusal.${tip.rewardRefusal}` as MessageKey)}</span> : null}
              {tip.rewardPaymentRef ? <span>{`${t('tips.paymentRef')}：${tip.rewardPaymentRef}`}</span> : null}
            </Space>
          </Card>
        ) : null}

        <Card title={t('tips.duplicates')} size="small">
          {tip.duplicates.length === 0 ? (
            <Typography.Text type="secondary">{t('tips.noDuplicates')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={tip.duplicates}
              renderItem={(d) => (
                <List.Item
                  actions={
                    a.merge && Date.parse(d.createdAt) <= Date.parse(tip.createdAt) && d.status !== 'merged'
                      ? [
                          <Button key="m" size="small" onClick={() => merge(d.id)}>
                            {t('tips.actions.merge')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <Space orientation="vertical" size={0}>
                    <Link to={`/tips/${d.id}`}>{d.trackingCode}</Link>
                    <Typography.Text type="secondary">
                      {formatDateTime(d.createdAt)} · {tipStatusLabels[d.status][locale]}
                      {d.distanceM !== null ? ` · ${t('tips.distance', { m: d.distanceM })}` : ''}
                    </Typography.Text>
                    <Typography.Text ellipsis>{d.description}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>

        <Card title={t('tips.events')} size="small">
          <Timeline
            items={tip.events.map((e) => ({
              content: (
                <>
                  <Typography.Text strong>{t(`tips.event.${e.event}` as MessageKey)}</Typography.Text>
                  <Typography.Text type="secondary">{` ${e.actorName === 'public' ? t('tips.reporter') : e.actorName} · ${formatDateTime(e.at)}`}</Typography.Text>
                  {e.note ? <div>{e.note}</div> : null}
                </>
              ),
            }))}
          />
        </Card>
      </Space>

      <StepDialog step={step} tip={tip} departments={departments} onClose={() => setStep(null)} onDone={done} />
    </>
  );
}

function StepDialog({
  step,
  tip,
  departments,
  onClose,
  onDone,
}: {
  step: Step;
  tip: TipDetail;
  departments: ReturnType<typeof useDepartments>['data'];
  onClose: () => void;
  onDone: (t: TipDetail) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const outcome = Form.useWatch('outcome', form);
  const result = Form.useWatch('result', form);

  const titles: Record<Exclude<Step, null>, MessageKey> = {
    accept: 'tips.actions.accept',
    verify: 'tips.actions.verify',
    close: 'tips.actions.close',
    approve: 'tips.actions.approve',
    pay: 'tips.actions.pay',
  };

  const save = async (v: Record<string, unknown>) => {
    setSaving(true);
    setError(null);
    try {
      let next: TipDetail;
      if (step === 'accept') {
        next = await tipsApi.accept(tip.id, {
          departmentId: (v.departmentId as string) || undefined,
          note: (v.note as string) || undefined,
        });
      } else if (step === 'verify') {
        const body: VerifyTip = { outcome: v.outcome as VerifyTip['outcome'], note: v.note as string };
        if (v.outcome === 'founded') {
          body.grade = v.grade as VerifyTip['grade'];
          body.insider = Boolean(v.insider);
          if (typeof v.fine === 'number') body.fine = v.fine;
          if (v.result === 'hazard') {
            const o = v.object as PickedObject;
            body.hazard = {
              objectType: o.type,
              objectId: o.id,
              interimControl: (v.interimControl as string) || undefined,
            };
          } else if (v.result === 'existing') body.existingHazardId = v.existingHazardId as string;
          else body.withoutObject = true;
        }
        next = await tipsApi.verify(tip.id, body);
      } else if (step === 'close') {
        next = await tipsApi.close(tip.id, v.answer as string);
      } else if (step === 'approve') {
        next = await tipsApi.approveReward(tip.id, typeof v.amount === 'number' ? v.amount : undefined);
      } else {
        next = await tipsApi.payReward(tip.id, v.paymentRef as string);
      }
      form.resetFields();
      onDone(next);
    } catch (err) {
      setError(applyFormError(form, err, { codeFields: { 'tips.grade_required': ['grade'] } }) ?? null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={step !== null}
      title={step ? t(titles[step]) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      forceRender
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{ outcome: 'founded', result: 'hazard' }}
      >
        {step === 'accept' ? (
          <>
            <Form.Item name="departmentId" label={t('tips.reroute')}>
              <Select
                allowClear
                options={(departments ?? []).map((d) => ({
                  value: d.id,
                  label: locale === 'en' && d.nameEn ? d.nameEn : d.shortName,
                }))}
              />
            </Form.Item>
            <Form.Item name="note" label={t('tips.note')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </>
        ) : null}
        {step === 'verify' ? (
          <>
            <Form.Item name="outcome" label={t('tips.outcome')}>
              <Radio.Group
                options={[
                  { value: 'founded', label: t('tips.outcome.founded') },
                  { value: 'unfounded', label: t('tips.outcome.unfounded') },
                ]}
              />
            </Form.Item>
            {outcome === 'founded' ? (
              <>
                <Form.Item
                  name="grade"
                  label={t('tips.grade')}
                  rules={[{ required: true, message: t('tips.gradeRequired') }]}
                >
                  <Select options={tipGrades.map((g) => ({ value: g, label: tipGradeLabels[g][locale] }))} />
                </Form.Item>
                <Form.Item name="result" label={t('tips.result')}>
                  <Radio.Group
                    options={[
                      { value: 'hazard', label: t('tips.result.hazard') },
                      { value: 'existing', label: t('tips.result.existing') },
                      { value: 'none', label: t('tips.result.none') },
                    ]}
                  />
                </Form.Item>
                {result === 'hazard' ? (
                  <>
                    <Form.Item
                      name="object"
                      label={t('tips.object')}
                      rules={[{ required: true, message: t('tips.objectRequired') }]}
                    >
                      <ObjectPicker />
                    </Form.Item>
                    <Form.Item name="interimControl" label={t('tips.interimControl')}>
                      <Input.TextArea rows={2} maxLength={2000} />
                    </Form.Item>
                  </>
                ) : null}
                {result === 'existing' ? (
                  <Form.Item
                    name="existingHazardId"
                    label={t('tips.existingHazardId')}
                    rules={[{ required: true, message: t('tips.existingHazardId') }]}
                  >
                    <Input />
                  </Form.Item>
                ) : null}
                <Form.Item name="fine" label={t('tips.fine')}>
                  <InputNumber min={0} precision={0} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="insider" valuePropName="checked">
                  <Checkbox>{t('tips.insider')}</Checkbox>
                </Form.Item>
              </>
            ) : null}
            <Form.Item
              name="note"
              label={t('tips.verifyNote')}
              rules={[{ required: true, whitespace: true, message: t('tips.verifyNoteRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        ) : null}
        {step === 'close' ? (
          <Form.Item
            name="answer"
            label={t('tips.answerLabel')}
            rules={[{ required: true, whitespace: true, message: t('tips.answerRequired') }]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        ) : null}
        {step === 'approve' ? (
          <Form.Item name="amount" label={t('tips.rewardAmount')} extra={t('tips.rewardAmountHint')}>
            <InputNumber
              min={0}
              max={300000}
              precision={0}
              placeholder={String(tip.rewardAmount ?? '')}
              style={{ width: '100%' }}
            />
          </Form.Item>
        ) : null}
        {step === 'pay' ? (
          <Form.Item
            name="paymentRef"
            label={t('tips.paymentRef')}
            rules={[{ required: true, whitespace: true, message: t('tips.paymentRefRequired') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
