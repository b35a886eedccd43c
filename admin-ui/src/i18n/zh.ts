/**
 * Simplified Chinese messages: react-admin's own (ra.*) and the project's.
 *
 * The community pack @haxqer/ra-language-chinese was written for react-admin v4; `raV5` below adds the keys
 * react-admin v5 introduced and rewrites the ones whose variables changed in v5 (recordRepresentation,
 * field_lower_first). Every message has a single form: Polyglot's Chinese plural rule always picks the first
 * form of "a |||| b", so the pack's two-form messages would always read "选中1项".
 * zh.test.ts proves every key of ra-language-english has a Chinese message here.
 */
import type { TranslationMessages } from 'ra-core';
import chineseV4 from '@haxqer/ra-language-chinese';
import { PHASE_LABELS } from '../../../domain/phases';
import { ROLE_LABELS } from '../../../domain/roles';
import { REGISTRATION_DONE_MESSAGE } from '../../../domain/accounts/registration';

type Messages = { [key: string]: string | Messages };

function deepMerge(base: Messages, override: Messages): Messages {
  const merged: Messages = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] =
      typeof value === 'object' && typeof current === 'object' ? deepMerge(current, value) : value;
  }
  return merged;
}

const raV5: Messages = {
  ra: {
    action: {
      back: '返回',
      bulk_actions: '已选择 %{smart_count} 项',
      remove_all_filters: '清除所有筛选条件',
      remove_filter: '移除此筛选条件',
      reset: '重置',
      search: '搜索',
      search_columns: '搜索列',
      select_all: '全选',
      select_all_button: '全选',
      select_columns: '显示列',
      unselect: '取消选择',
      update_application: '重新加载应用',
      clone: '复制',
    },
    auth: {
      user_menu: '个人中心',
      username: '账号',
      email: '邮箱',
      sign_in_error: '登录失败，请重试',
      logout: '退出登录',
    },
    page: {
      dashboard: '首页',
      edit: '编辑%{name}：%{recordRepresentation}',
      show: '查看%{name}：%{recordRepresentation}',
      list: '%{name}',
      empty: '暂无%{name}',
      invite: '要新增一条吗？',
      access_denied: '无权访问',
      authentication_error: '身份认证错误',
    },
    message: {
      access_denied: '您没有访问此页面的权限',
      authentication_error: '认证服务返回错误，无法验证您的身份。',
      bulk_delete_content: '确定要删除选中的 %{smart_count} 项%{name}吗？',
      bulk_delete_title: '删除 %{smart_count} 项%{name}',
      bulk_update_content: '确定要更新选中的 %{smart_count} 项%{name}（%{recordRepresentation}）吗？',
      bulk_update_title: '更新 %{smart_count} 项%{name}（%{recordRepresentation}）',
      delete_content: '确定要删除此%{name}吗？',
      delete_title: '删除%{name}：%{recordRepresentation}',
      error: '客户端出错，请求未能完成。',
      loading: '请稍候',
      select_all_limit_reached: '数据过多，无法全部选择，仅选择了前 %{max} 项。',
      placeholder_data_warning: '网络异常：数据刷新失败。',
    },
    navigation: {
      clear_filters: '清除筛选条件',
      no_filtered_results: '当前筛选条件下没有%{name}',
      no_results: '没有找到%{name}',
      page_range_info: '第 %{offsetBegin}-%{offsetEnd} 条，共 %{total} 条',
      partial_page_range_info: '第 %{offsetBegin}-%{offsetEnd} 条，共超过 %{offsetEnd} 条',
      current_page: '第 %{page} 页',
      page: '转到第 %{page} 页',
      first: '转到第一页',
      last: '转到最后一页',
      next: '转到下一页',
      previous: '转到上一页',
      page_rows_per_page: '每页条数：',
      skip_nav: '跳到正文',
    },
    sort: {
      sort_by: '按%{field_lower_first}%{order}排列',
    },
    notification: {
      updated: '已更新 %{smart_count} 项',
      created: '已新建',
      deleted: '已删除 %{smart_count} 项',
      data_provider_error: '数据服务出错，请查看控制台了解详情。',
      logged_out: '会话已结束，请重新登录。',
      not_authorized: '您没有权限访问此资源。',
      offline: '网络未连接，无法获取数据。',
      canceled: '操作已取消',
    },
    validation: {
      unique: '不能重复',
      regex: '格式不正确（须符合 %{pattern}）',
    },
    configurable: {
      inspector: { title: '检查器' },
    },
    guesser: {
      empty: {
        title: '暂无数据',
        message: '请检查数据服务（dataProvider）',
      },
    },
  },
};

const phases: Messages = { ...PHASE_LABELS };
const roles: Messages = { ...ROLE_LABELS };

/** The project's own messages. Keys are referenced from components; add here, never inline Chinese in JSX. */
const app: Messages = {
  app: {
    title: '5G+工业互联网发展管理平台（5G工厂库）',
    document_title: '5G工厂名录申报平台',
    menu: {
      directory: '年度名录',
    },
    login: {
      title: '用户登录',
      tab_account: '账号登录',
      tab_mobile: '手机号登录',
      username: '账号',
      username_placeholder: '请输入账号',
      password: '密码',
      password_placeholder: '请输入密码',
      captcha: '验证码',
      captcha_placeholder: '请输入验证码',
      captcha_refresh: '看不清？点击图片换一张',
      captcha_unavailable: '验证码加载失败，点击重试',
      mobile: '手机号',
      mobile_placeholder: '请输入手机号',
      sms_code: '短信验证码',
      sms_code_placeholder: '请输入短信验证码',
      send_sms: '获取验证码',
      resend_sms: '%{seconds} 秒后重新获取',
      sms_sent: '验证码已发送，请查收短信',
      submit: '登录',
      forgot_password: '忘记密码?',
      forgot_password_help: '请联系系统管理员重置密码。',
      register: '没有账号?去注册',
      required_username: '请输入账号',
      required_password: '请输入密码',
      required_captcha: '请输入验证码',
      required_mobile: '请输入手机号',
      invalid_mobile: '请输入正确的手机号',
      required_sms_code: '请输入短信验证码',
      server_unreachable: '无法连接服务器，请稍后再试',
    },
    register: {
      title: '用户注册',
      step_account: '账号注册',
      step_enterprise: '企业认证',
      step_done: '完成',
      display_name: '用户姓名',
      username: '用户账号',
      mobile: '手机',
      email: '邮箱',
      password: '密码',
      confirm_password: '确认密码',
      password_hint: '至少8位，须包含大写字母、小写字母、数字和特殊字符（@ - _）之一，不能有空格或连续数字',
      role: '角色',
      role_enterprise: '企业',
      role_operator: '运营商',
      location: '所属地',
      org_name: '单位名称',
      address: '单位地址',
      address_detail: '详细地址',
      credit_code: '组织机构代码',
      credit_code_hint: '18位统一社会信用代码',
      enterprise_nature: '企业性质',
      industry: '国民经济分类',
      next: '下一步',
      previous: '上一步',
      submit: '提交',
      done: REGISTRATION_DONE_MESSAGE,
      back_home: '回到首页',
      has_account: '已有账号?去登录',
      required: '请填写%{field}',
      required_select: '请选择%{field}',
      password_mismatch: '两次输入的密码不一致',
      invalid_mobile: '请输入正确的手机号',
      invalid_email: '请输入正确的邮箱',
    },
    change_password: {
      title: '修改密码',
      required_notice: '您的密码为临时密码或初始密码，请先修改密码后再使用系统。',
      old_password: '原密码',
      new_password: '新密码',
      confirm_password: '确认新密码',
      submit: '确认修改',
      success: '密码已修改',
      mismatch: '两次输入的新密码不一致',
      required: '请填写%{field}',
    },
    session: {
      idle_logout: '您已超过30分钟未操作，请重新登录',
    },
    cascader: {
      placeholder: '请选择',
      search: '搜索',
      no_match: '无匹配项',
      load_failed: '选项加载失败，请刷新重试',
      loading: '正在加载选项…',
    },
    action: {
      confirm: '确认',
      cancel: '取消',
      reason: '原因',
      reason_required: '请填写原因',
      done: '操作成功',
      export: '导出',
    },
    directory: {
      title: '5G工厂名录',
      year: '年度',
      empty: '%{year}年名录尚未发布',
      load_failed: '名录加载失败，请稍后再试',
      enterprise: '企业名称',
      project: '项目名称',
      region: '所在地区',
      industry: '行业',
      login: '登录平台',
    },
    unread: '%{count} 条未读站内信',
  },
  phases,
  roles,
  resources: {
    projects: {
      name: '5G工厂',
      fields: {
        id: '编号',
        enterpriseName: '企业名称',
        name: '项目名称',
        projectType: '项目类型',
        level: '项目层级',
        phase: '项目状态',
        statusText: '项目状态',
        stage: '建设阶段',
        industry: '行业',
        address: '项目实施地址',
        region: '地区',
        year: '年度',
        createdAt: '创建时间',
        updatedAt: '更新时间',
        formVersion: '表单版本',
        actions: '操作',
      },
      filters: { expand: '展开', collapse: '收起' },
      actions: {
        view: '查看',
        submit: '提交',
        withdraw: '申请撤回',
        recommend: '推荐',
        cancel_recommendation: '取消推荐',
        city_review: '初审',
        city_review_approve: '初审通过',
        city_review_return: '初审退回',
        withdrawal_approve: '同意撤回',
        withdrawal_reject: '驳回撤回',
      },
      total: '共 %{total} 条',
    },
    'enterprise-profiles': {
      name: '企业信息',
      fields: { year: '年度', orgName: '企业名称', uscc: '组织机构代码', updatedAt: '更新时间' },
    },
    registrations: {
      name: '注册审核',
      fields: {
        name: '用户姓名',
        username: '用户账号',
        mobile: '手机',
        email: '邮箱',
        role: '角色',
        orgName: '单位名称',
        uscc: '组织机构代码',
        status: '审核状态',
        createdAt: '注册时间',
        reason: '驳回原因',
      },
      status: { pending: '待审核', approved: '已通过', rejected: '已驳回' },
      actions: { approve: '通过', reject: '驳回' },
    },
    users: {
      name: '用户管理',
      fields: {
        name: '用户姓名',
        username: '用户账号',
        mobile: '手机',
        email: '邮箱',
        role: '角色',
        orgName: '单位名称',
        provinceCode: '所属省份',
        cityCode: '所属城市',
        jurisdiction: '管辖地区',
        status: '状态',
        lockedUntil: '锁定至',
        createdAt: '创建时间',
        password: '初始密码',
      },
      actions: {
        reset_password: '重置密码',
        reset_password_done: '密码已重置，临时密码：%{temporaryPassword}（用户下次登录须修改）',
      },
    },
    audit: {
      name: '审计日志',
      fields: {
        at: '时间',
        actorName: '操作人',
        role: '角色',
        action: '操作',
        target: '对象',
        detail: '详情',
        ip: 'IP 地址',
      },
    },
    campaigns: {
      name: '年度批次',
      fields: {
        year: '年度',
        submissionDeadline: '申报截止时间',
        recommendationDeadline: '推荐截止时间',
        publicityDays: '公示天数',
        status: '状态',
      },
    },
    messages: {
      name: '站内信',
      fields: {
        title: '标题',
        body: '内容',
        createdAt: '发送时间',
        read: '已读',
      },
    },
  },
};

const zhMessages = deepMerge(deepMerge(chineseV4 as unknown as Messages, raV5), app) as unknown as TranslationMessages;

export default zhMessages;
