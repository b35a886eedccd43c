/**
 * 现场拓扑图 / 组网拓扑图: upload a PNG or JPEG (POST /api/files) and keep the file's id in the form; show a preview.
 * Images are fetched with the bearer token (an <img src> could not send it) and shown from a blob: URL.
 */
import { useEffect, useRef, useState } from 'react';
import { Box, Button, FormHelperText, Stack, Typography } from '@mui/material';
import UploadIcon from '@mui/icons-material/Upload';
import { FieldTitle, useInput, useNotify, useTranslate, type InputProps } from 'ra-core';
import { apiBlob, uploadFile } from '../providers/http';

const MAX_BYTES = 5 * 1024 * 1024;
const TYPES = ['image/png', 'image/jpeg'];

/** A blob: URL for the stored image (GET /api/files/:id), or undefined while loading or when there is none. */
export function useImageUrl(fileId: unknown): { url?: string; failed: boolean } {
  const [state, setState] = useState<{ url?: string; failed: boolean }>({ failed: false });
  useEffect(() => {
    if (typeof fileId !== 'string' || !fileId) {
      setState({ failed: false });
      return;
    }
    let objectUrl: string | undefined;
    let cancelled = false;
    apiBlob(`/files/${encodeURIComponent(fileId)}`)
      .then(({ blob }) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setState({ url: objectUrl, failed: false });
      })
      .catch(() => !cancelled && setState({ failed: true }));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [fileId]);
  return state;
}

export function ImagePreview({ fileId, alt }: { fileId: unknown; alt: string }) {
  const translate = useTranslate();
  const { url, failed } = useImageUrl(fileId);
  if (typeof fileId !== 'string' || !fileId) {
    return <Typography color="text.secondary">{translate('app.upload.none')}</Typography>;
  }
  if (failed) return <Typography color="text.secondary">{translate('app.upload.preview_failed')}</Typography>;
  if (!url) return <Typography color="text.secondary">{translate('app.upload.loading')}</Typography>;
  return (
    <Box
      component="img"
      src={url}
      alt={alt}
      sx={{ maxWidth: 360, maxHeight: 240, border: 1, borderColor: 'divider', borderRadius: 1, display: 'block' }}
    />
  );
}

export function ImageUploadInput({ label, ...props }: InputProps & { label: string }) {
  const translate = useTranslate();
  const notify = useNotify();
  const { field, fieldState, id, isRequired } = useInput(props);
  const picker = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [localError, setLocalError] = useState<string>();

  const upload = async (file: File) => {
    setLocalError(undefined);
    if (!TYPES.includes(file.type)) return setLocalError(translate('app.upload.wrong_type', { field: label }));
    if (file.size > MAX_BYTES) return setLocalError(translate('app.upload.too_large', { field: label }));
    setUploading(true);
    try {
      const uploaded = await uploadFile(file);
      field.onChange(uploaded.id);
    } catch (error) {
      notify((error as Error).message, { type: 'error' });
      setLocalError((error as Error).message);
    } finally {
      setUploading(false);
    }
  };

  const error = localError ?? fieldState.error?.message;
  return (
    <Box sx={{ my: 1 }}>
      <Typography variant="body2" color={error ? 'error' : 'text.secondary'} sx={{ mb: 0.5 }}>
        <FieldTitle label={label} source={props.source} isRequired={isRequired} />
      </Typography>
      <Stack sx={{ alignItems: 'flex-start' }} direction="row" spacing={2}>
        <ImagePreview fileId={field.value} alt={label} />
        <input
          ref={picker}
          id={id}
          type="file"
          accept={TYPES.join(',')}
          hidden
          aria-label={label}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void upload(file);
          }}
        />
        <Button variant="outlined" size="small" startIcon={<UploadIcon />} disabled={uploading} onClick={() => picker.current?.click()}>
          {translate(uploading ? 'app.upload.uploading' : field.value ? 'app.upload.replace' : 'app.upload.choose')}
        </Button>
      </Stack>
      {error && <FormHelperText error>{translate(error, { _: error })}</FormHelperText>}
      <FormHelperText>{translate('app.upload.hint')}</FormHelperText>
    </Box>
  );
}
