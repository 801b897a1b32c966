// 一瓶一码 (issue 11): the cylinder pages, the public page for a code and the scanner (zh default, en second);
// declared by the module (module.tsx), registered by web/app/modules.ts.

export const cylindersZh = {
  'menu.cylinders': '一瓶一码',
  'menu.cylinderList': '气瓶档案',
  'menu.cylinderScan': '扫码查瓶',
  'menu.cylinderRefusals': '充装拒绝',
  'menu.cylinderBlacklist': '产品黑名单',
  'menu.cylinderRecalls': '召回',

  'cylinderPublic.title': '气瓶查验',
  'cylinderPublic.subtitle': '燃安 · 一瓶一码',
  'cylinderPublic.code': '气瓶编码',
  'cylinderPublic.owner': '产权单位',
  'cylinderPublic.model': '型号',
  'cylinderPublic.lastFill': '最近充装',
  'cylinderPublic.neverFilled': '无充装记录',
  'cylinderPublic.inspectionValidUntil': '检验有效期至',
  'cylinderPublic.status': '状态',
  'cylinderPublic.manufacturedOn': '制造日期',
  'cylinderPublic.unknownDate': '未登记',
  'cylinderPublic.lookupAnother': '查询其他气瓶',
  'cylinderPublic.lookupHint': '扫描气瓶上的二维码，或输入瓶身上的编码',
  'cylinderPublic.footer': '本页只显示气瓶的安全信息，不含任何个人信息。发现问题请拨打 12345。',
  'cylinderPublic.loadFailed': '查询失败，请稍后重试',
  'cylinderPublic.badCode': '编码格式不对：应为 4–64 位字母、数字或 - . _',

  'cylinderScan.title': '扫码查瓶',
  'cylinderScan.codePlaceholder': '输入瓶身编码',
  'cylinderScan.open': '查询',
  'cylinderScan.camera': '扫描二维码',
  'cylinderScan.stopCamera': '关闭相机',
  'cylinderScan.cameraUnsupported': '此浏览器不能直接识别二维码，请用手机相机扫码或输入编码',
  'cylinderScan.cameraDenied': '无法打开相机：{reason}',
  'cylinderScan.pointAtCode': '将二维码对准取景框',
  'cylinderScan.codeRequired': '请输入编码',

  'cylinderStatus.in_service': '在用',
  'cylinderStatus.seized': '已查扣',
  'cylinderStatus.scrapped': '已报废',
} as const;

export type CylindersKey = keyof typeof cylindersZh;

// The module's keys are message keys of the app (see ModuleMessages in web/app/i18n.ts).
declare module '../../app/i18n.ts' {
  interface ModuleMessages extends Record<CylindersKey, true> {}
}

export const cylindersEn: Record<CylindersKey, string> = {
  'menu.cylinders': 'One cylinder, one code',
  'menu.cylinderList': 'Cylinders',
  'menu.cylinderScan': 'Scan a cylinder',
  'menu.cylinderRefusals': 'Fill refusals',
  'menu.cylinderBlacklist': 'Product blacklist',
  'menu.cylinderRecalls': 'Recalls',

  'cylinderPublic.title': 'Cylinder check',
  'cylinderPublic.subtitle': "Ran'an · one cylinder, one code",
  'cylinderPublic.code': 'Cylinder code',
  'cylinderPublic.owner': 'Owner',
  'cylinderPublic.model': 'Model',
  'cylinderPublic.lastFill': 'Last filled',
  'cylinderPublic.neverFilled': 'No fill recorded',
  'cylinderPublic.inspectionValidUntil': 'Inspection valid until',
  'cylinderPublic.status': 'Status',
  'cylinderPublic.manufacturedOn': 'Manufactured',
  'cylinderPublic.unknownDate': 'Not recorded',
  'cylinderPublic.lookupAnother': 'Check another cylinder',
  'cylinderPublic.lookupHint': 'Scan the QR code on the cylinder, or type the code on its body',
  'cylinderPublic.footer':
    'This page shows only the cylinder’s safety facts, nothing personal. Report problems on 12345.',
  'cylinderPublic.loadFailed': 'The check failed; please try again later',
  'cylinderPublic.badCode': 'Not a code: 4–64 letters, digits or - . _',

  'cylinderScan.title': 'Scan a cylinder',
  'cylinderScan.codePlaceholder': 'Code on the cylinder',
  'cylinderScan.open': 'Look up',
  'cylinderScan.camera': 'Scan the QR code',
  'cylinderScan.stopCamera': 'Close the camera',
  'cylinderScan.cameraUnsupported':
    'This browser cannot read QR codes itself: scan with the phone’s camera or type the code',
  'cylinderScan.cameraDenied': 'The camera could not be opened: {reason}',
  'cylinderScan.pointAtCode': 'Hold the QR code inside the frame',
  'cylinderScan.codeRequired': 'Type a code',

  'cylinderStatus.in_service': 'In service',
  'cylinderStatus.seized': 'Seized',
  'cylinderStatus.scrapped': 'Scrapped',
};
