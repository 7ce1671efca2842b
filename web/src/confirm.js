// "Are you sure?" then the action, then a success message; errors are shown, cancelling is silent.
import { ElMessage, ElMessageBox } from 'element-plus';

export async function confirmThen({ question, title, action, success, done }) {
  try {
    await ElMessageBox.confirm(question, title, { type: 'warning' });
  } catch {
    return;  // cancelled
  }
  try {
    await action();
    if (success) ElMessage.success(success);
    if (done) await done();
  } catch (e) {
    ElMessage.error(e.message || String(e));
  }
}
