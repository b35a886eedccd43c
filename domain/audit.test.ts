import { auditActionLabel, auditDetailRows, auditDetailText } from './audit';

describe('the audit log in Chinese', () => {
  it('names actions in words, never codes', () => {
    expect(auditActionLabel('user.resetPassword')).toBe('重置密码');
    expect(auditActionLabel('project.recommend')).toBe('推荐');
    expect(auditActionLabel('project.claim.reassign')).toBe('转派项目');
    expect(auditActionLabel('user.somethingNew')).toBe('账号管理（其他）');
    expect(auditActionLabel('x.y')).toBe('其他操作');
  });

  it('renders details as rows: phases, roles and reasons in words, changed fields as from → to', () => {
    expect(auditDetailRows({ from: 'submitted', to: 'partially_recommended', reason: '材料齐全' })).toEqual([
      { label: '原阶段', value: '待推荐' },
      { label: '新阶段', value: expect.not.stringMatching(/partially_recommended/) },
      { label: '原因', value: '材料齐全' },
    ]);
    const rows = auditDetailRows({ username: 'gz_miit', changed: { mobile: { from: '13800000000', to: '13900000000' } } });
    expect(rows).toEqual([
      { label: '账号', value: 'gz_miit' },
      { label: '手机', from: '13800000000', value: '13900000000' },
    ]);
    expect(auditDetailText(rows)).toBe('账号：gz_miit；手机：13800000000 → 13900000000');
    expect(auditDetailRows({ reason: 'locked', role: 'security_admin' })).toEqual([
      { label: '原因', value: '账号已锁定' },
      { label: '角色', value: '安全管理员' },
    ]);
  });
});
