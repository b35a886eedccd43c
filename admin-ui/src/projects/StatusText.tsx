/** 项目状态 as the platform writes it, one office per line (the list, its phone cards and 查看). */
import { Box } from '@mui/material';
import { useRecordContext, type RaRecord } from 'ra-core';

/** 项目状态: the platform's status text, one office per line ("广东省(通信管理局)待推荐;广东省(工业和信息化厅)已推荐;"). */
export function statusLines(record: RaRecord): string[] {
  const text: string = record.statusText || record.phaseLabel || '';
  return text.split(/[;；]/).map((part) => part.trim()).filter(Boolean);
}

export function StatusText() {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Box sx={{ minWidth: 120 }}>
      {statusLines(record).map((line) => (
        <Box key={line}>{line}</Box>
      ))}
    </Box>
  );
}
