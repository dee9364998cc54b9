import { roleGateLayout } from '@/lib/auth/role-gate';

export default roleGateLayout('director');
