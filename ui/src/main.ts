import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './i18n'
import { makeRouter } from './router'
// Styles for the Element Plus services called from script (not resolved from templates).
import 'element-plus/theme-chalk/el-message.css'
import 'element-plus/theme-chalk/el-message-box.css'
import 'element-plus/theme-chalk/el-overlay.css'
import './style.css'

createApp(App).use(i18n).use(makeRouter()).mount('#app')
