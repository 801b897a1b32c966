import { CameraOutlined, CloseOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../app/i18n.ts';
import { codeFromScan } from './scan.ts';

// The Barcode Detection API (Chrome on Android, Safari 17+ on iOS); absent elsewhere, where the
// phone's own camera app opens the label's URL and the code can always be typed.
type Detected = { rawValue: string };
type Detector = { detect(source: HTMLVideoElement): Promise<Detected[]> };
type DetectorClass = new (options: { formats: string[] }) => Detector;
const detectorClass = (): DetectorClass | null =>
  (globalThis as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector ?? null;

/**
 * A code, typed or read by the camera: `onCode` receives it normalised (trimmed, upper case), or
 * nothing when the text cannot be a code (the field says so).
 */
export function ScanBox({ onCode, autoFocus = false }: { onCode: (code: string) => void; autoFocus?: boolean }) {
  const t = useT();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [scanning, setScanning] = useState(false);
  const [cameraError, setCameraError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const canDetect = detectorClass() !== null && typeof navigator !== 'undefined' && !!navigator.mediaDevices;

  const submit = (value: string) => {
    if (!value.trim()) {
      setError(t('cylinderScan.codeRequired'));
      return;
    }
    const code = codeFromScan(value);
    if (!code) {
      setError(t('cylinderPublic.badCode'));
      return;
    }
    setError(null);
    onCode(code);
  };

  useEffect(() => {
    if (!scanning) return;
    const Detector = detectorClass();
    if (!Detector) return;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let live = true;
    const detector = new Detector({ formats: ['qr_code'] });
    const tick = async () => {
      if (!live || !video.current) return;
      try {
        const found = await detector.detect(video.current);
        const code = found.map((f) => codeFromScan(f.rawValue)).find((c) => c);
        if (code && live) {
          setScanning(false);
          onCode(code);
          return;
        }
      } catch {
        // a frame not ready yet: try the next one
      }
      timer = setTimeout(tick, 250);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (s) => {
        stream = s;
        if (!live || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        void tick();
      })
      .catch((err: unknown) => {
        if (!live) return;
        setCameraError(t('cylinderScan.cameraDenied', { reason: err instanceof Error ? err.message : String(err) }));
        setScanning(false);
      });
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [scanning, onCode, t]);

  return (
    <div className="ra-scanbox">
      <Space.Compact block>
        <Input
          size="large"
          value={text}
          autoFocus={autoFocus}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => submit(text)}
          placeholder={t('cylinderScan.codePlaceholder')}
          aria-label={t('cylinderPublic.code')}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          status={error ? 'error' : undefined}
          data-testid="cylinder-code-input"
        />
        <Button size="large" type="primary" icon={<SearchOutlined />} onClick={() => submit(text)}>
          {t('cylinderScan.open')}
        </Button>
      </Space.Compact>
      {error ? (
        <div className="ra-scanbox-error" role="alert">
          {error}
        </div>
      ) : null}
      {canDetect ? (
        scanning ? (
          <div className="ra-scanbox-camera">
            <video ref={video} muted playsInline />
            <div className="ra-muted">{t('cylinderScan.pointAtCode')}</div>
            <Button icon={<CloseOutlined />} onClick={() => setScanning(false)}>
              {t('cylinderScan.stopCamera')}
            </Button>
          </div>
        ) : (
          <Button
            block
            size="large"
            icon={<CameraOutlined />}
            style={{ marginTop: 12 }}
            onClick={() => {
              setCameraError(null);
              setScanning(true);
            }}
          >
            {t('cylinderScan.camera')}
          </Button>
        )
      ) : (
        <div className="ra-muted ra-scanbox-note">{t('cylinderScan.cameraUnsupported')}</div>
      )}
      {cameraError ? <Alert style={{ marginTop: 12 }} type="warning" showIcon title={cameraError} /> : null}
    </div>
  );
}
