/** Value types every module speaks: who acts (Actor, Role), and the errors a request can end in. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package cn.jifen.shared;
