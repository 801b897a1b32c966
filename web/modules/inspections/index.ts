// The inspections module's public surface: what other modules of the web app use (docs/ARCHITECTURE.md, boundaries).
export { placeError } from './components/formErrors.ts';
export { HazardStateTag, InspectionStatusTag, SeverityTag } from './components/labels.tsx';
export { ObjectPicker, type PickedObject } from './components/ObjectPicker.tsx';
export { PhotoGallery } from './components/PhotoGallery.tsx';
/** The phone's photo strip of one item (camera, resized, kept on the phone until sent): the field app's and the driver's. */
export { PhotoButton, PhotoThumbs } from './field/PhotoStrip.tsx';
export { useDepartments } from './components/useDepartments.ts';
export { filesApi } from './inspections.api.ts';
export { resizePhoto } from './offline/photos.ts';
export { fieldStore, newId } from './offline/store.ts';
