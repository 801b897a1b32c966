import {
  AlertOutlined,
  BarChartOutlined,
  FileSearchOutlined,
  MobileOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { NavEntry } from '../../app/navigation.tsx';
import { EscalationBadge } from './EscalationBadge.tsx';

/** 排查整治 / Inspections & hazards: the ledger's menu group (issue 4). */
export const ledgerNavigation: NavEntry = {
  key: 'ledger',
  label: 'menu.ledger',
  icon: <FileSearchOutlined />,
  children: [
    {
      key: 'inspections',
      path: '/inspections',
      label: 'menu.inspections',
      icon: <FileSearchOutlined />,
      permission: 'inspection.read',
    },
    { key: 'field', path: '/field', label: 'menu.field', icon: <MobileOutlined />, permission: 'inspection.record' },
    { key: 'hazards', path: '/hazards', label: 'menu.hazards', icon: <WarningOutlined />, permission: 'hazard.read' },
    {
      key: 'escalations',
      path: '/hazards/escalations',
      label: 'menu.escalations',
      icon: <AlertOutlined />,
      permission: 'hazard.read',
      // How many open hazards are escalated in the user's scope, seen without opening the page.
      badge: EscalationBadge,
    },
    // Open to inspection.read too (the route checks either); every role holding one holds both.
    {
      key: 'progress',
      path: '/progress',
      label: 'menu.progress',
      icon: <BarChartOutlined />,
      permission: 'hazard.read',
    },
  ],
};
