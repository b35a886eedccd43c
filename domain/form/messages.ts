/**
 * Every message the declaration form and the enterprise profile show, in one place so the wording stays
 * consistent: 请填写X / 请选择X / 请上传X when something is missing, “X…” when a value is wrong.
 * Each message names the field with its label (FIELD_LABELS), as users see it on the form.
 */
export const messages = {
  // missing
  required: (label: string) => `请填写${label}`,
  requiredChoice: (label: string) => `请选择${label}`,
  requiredUpload: (label: string) => `请上传${label}`,
  atLeastOneRow: (label: string) => `请至少填写一条${label}`,

  // wrong value
  notText: (label: string) => `${label}必须是文字`,
  tooLong: (label: string, max: number) => `${label}不能超过${max}个字`,
  notANumber: (label: string) => `${label}必须是数字`,
  notAnInteger: (label: string) => `${label}必须是整数`,
  negative: (label: string) => `${label}不能为负数`,
  tooManyDecimals: (label: string) => `${label}最多保留两位小数`,
  percentTooLarge: (label: string, max: number) => `${label}不能超过${max}`,
  invalidChoice: (label: string) => `${label}不是可选的选项`,
  invalidList: (label: string) => `${label}格式不正确`,
  invalidDate: (label: string) => `${label}必须是有效日期，格式为YYYY-MM-DD`,
  invalidFileId: (label: string) => `${label}的文件标识无效，请重新上传`,
  invalidFormat: (label: string) => `${label}格式不正确`,
  invalidRegionCode: (label: string) => `${label}不是有效的行政区划代码`,
  invalidRegionTriple: (label: string) => `${label}不是有效的省/市/区县组合`,
  unknownIndustryCode: (label: string) => `${label}不是有效的GB/T 4754-2017行业代码`,
  industryNotClass: (label: string) => `${label}必须选择到小类`,
  tooManyRows: (label: string, max: number) => `${label}最多填写${max}条`,
  /** Prefix for a problem inside a repeating row: “边缘计算部署第1行：请填写设备部署位置”. */
  inRow: (listLabel: string, index: number, message: string) => `${listLabel}第${index + 1}行：${message}`,
  notAnObject: (label: string) => `${label}的数据格式不正确`,
  invalidRow: '数据格式不正确',

  // cross-field rules
  projectName: '项目名称必须包含“5G”并以“工厂”、“车间”或“产线”结尾',
  startAfterEnd: (startLabel: string, endLabel: string) => `${startLabel}不能晚于${endLabel}`,
  partExceedsWhole: (partLabel: string, wholeLabel: string) => `${partLabel}不能大于${wholeLabel}`,
  /** A field that a previous answer makes not applicable: “未建设网络服务与管理系统时，网络管理系统维护模式应为空”. */
  mustBeEmpty: (condition: string, label: string) => `${condition}时，${label}应为空`,
} as const;
